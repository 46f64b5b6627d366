using System.Reflection;
using System.Text.RegularExpressions;
using Caviar.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Conventions;

/// <summary>
/// Turns what the command-line parser throws into <c>error: --FLAG: REASON</c> on standard error with exit code 2,
/// in words instead of .NET type names; anything else that escapes a command is an error with exit code 1.
/// </summary>
internal static partial class ParserErrors
{
    public static int Handle(Exception exception, IReadOnlyList<string> args)
    {
        switch (exception)
        {
            case CommandAppException when ConversionFailed().Match(exception.Message) is { Success: true } match &&
                                          !args.Any(a => a == match.Groups["value"].Value || a.EndsWith("=" + match.Groups["value"].Value, StringComparison.Ordinal)):
                // The parser took something that is not an argument as the value: the flag was last and had none.
                CliConsole.WriteError(args.LastOrDefault(a => a.StartsWith('-')), "needs a value");
                return CliErrors.InvalidInput;
            case CommandAppException when ConversionFailed().Match(exception.Message) is { Success: true } match:
                var (flag, expected) = DescribeValue(match.Groups["value"].Value, args);
                CliConsole.WriteError(flag, $"'{match.Groups["value"].Value}' is not {expected}");
                return CliErrors.InvalidInput;
            case CommandAppException when NamedOption().Match(exception.Message) is { Success: true } named:
                string option = named.Groups["name"].Value;
                CliConsole.WriteError(option.Length == 1 ? "-" + option : "--" + option,
                    Plain(NamedOption().Replace(exception.Message, "option")).ToLowerInvariant() + " (see caviar help)");
                return CliErrors.InvalidInput;
            case CommandAppException:
                CliConsole.WriteError(null, Plain(exception.Message) + " (see caviar help)");
                return CliErrors.InvalidInput;
            default:
                CliConsole.WriteError(null, exception.Message);
                if (Environment.GetEnvironmentVariable("CAVIAR_DEBUG") is "1") CliConsole.Messages.WriteLine(exception.ToString());
                return CliErrors.Failed;
        }
    }

    /// <summary>The flag given <paramref name="value"/> (<c>--flag value</c> or <c>--flag=value</c>) and what it takes.</summary>
    private static (string? Flag, string Expected) DescribeValue(string value, IReadOnlyList<string> args)
    {
        string? flag = null;
        for (int i = 0; i < args.Count && flag is null; i++)
        {
            if (args[i] == value && i > 0 && args[i - 1].StartsWith('-')) flag = args[i - 1];
            else if (args[i].StartsWith('-') && args[i].EndsWith("=" + value, StringComparison.Ordinal))
                flag = args[i][..args[i].IndexOf('=')];
        }
        var type = flag is null ? null : OptionType(flag.TrimStart('-'));
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        string expected = type == typeof(int) || type == typeof(long) ? "a whole number"
            : type == typeof(double) || type == typeof(float) ? "a number"
            : type == typeof(bool) ? "true or false"
            : "a valid value";
        return (flag, expected);
    }

    private static Type? OptionType(string name) =>
        typeof(ParserErrors).Assembly.GetTypes()
            .Where(t => t.IsAssignableTo(typeof(CommandSettings)))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .FirstOrDefault(p => p.GetCustomAttribute<CommandOptionAttribute>() is { } option &&
                                 (option.LongNames.Contains(name) || option.ShortNames.Contains(name)))
            ?.PropertyType;

    /// <summary>The parser's message without a trailing period.</summary>
    private static string Plain(string message) => message.Trim().TrimEnd('.');

    [GeneratedRegex("[Oo]ption '(?<name>[^']+)'")]
    private static partial Regex NamedOption();

    [GeneratedRegex("^Failed to convert '(?<value>.*)' to ")]
    private static partial Regex ConversionFailed();
}

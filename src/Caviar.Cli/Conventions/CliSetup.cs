using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Conventions;

/// <summary>What every verb shares: the name, the version, and errors on standard error with exit code 2.</summary>
internal static class CliSetup
{
    /// <summary>The version <c>caviar --version</c> prints: the assembly's informational version without build metadata.</summary>
    public static string Version =>
        (typeof(CliSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    /// <summary>Line width when standard output is a pipe or a file: wide enough that no line is ever wrapped.</summary>
    public const int UnwrappedWidth = 100_000;

    public static void Apply(IConfigurator config, IReadOnlyList<string> args)
    {
        if (!CliConsole.OutputIsTerminal) AnsiConsole.Profile.Width = UnwrappedWidth;
        else if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 0)
            AnsiConsole.Profile.Width = columns;
        config.Settings.Console = AnsiConsole.Console;
        config.SetApplicationName("caviar");
        config.SetApplicationVersion(Version);
        config.Settings.StrictParsing = true;
        config.SetExceptionHandler((exception, _) => ParserErrors.Handle(exception, args));
    }
}

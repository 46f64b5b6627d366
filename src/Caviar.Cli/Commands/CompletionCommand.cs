using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Caviar.Cli.Conventions;
using Caviar.Jobs.Launching;
using Caviar.Validation;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar completion bash|zsh</c>: prints a tab-completion script listing every visible verb and its options,
/// read from the parser's own model (<c>--help-dump-opencli</c>), so new verbs complete without changes here.
/// </summary>
internal sealed class CompletionCommand : Command<CompletionCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<SHELL>")]
        [Description("bash or zsh. Use: source <(caviar completion bash), or add that line to ~/.bashrc (~/.zshrc).")]
        public string Shell { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            if (settings.Shell is not ("bash" or "zsh"))
                throw new CaviarValidationException("SHELL", $"'{settings.Shell}' is not bash or zsh");
            var verbs = ReadVerbs();
            Console.Out.Write(CompletionScript.Bash(verbs, zsh: settings.Shell == "zsh"));
            return 0;
        });

    /// <summary>Visible verbs and their options, from the parser's model of this very program.</summary>
    private static IReadOnlyList<(string Verb, IReadOnlyList<string> Options)> ReadVerbs()
    {
        var command = RunnerCommand.OfCurrentProcess();
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var word in command.Skip(1)) start.ArgumentList.Add(word);
        start.ArgumentList.Add("--help-dump-opencli");
        using var process = Process.Start(start)!;
        string json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        using var model = JsonDocument.Parse(json);
        return model.RootElement.GetProperty("command").GetProperty("commands").EnumerateArray()
            .Where(c => !(c.TryGetProperty("hidden", out var hidden) && hidden.GetBoolean()))
            .Select(c => (c.GetProperty("name").GetString()!, (IReadOnlyList<string>)OptionsOf(c)))
            .ToList();
    }

    private static List<string> OptionsOf(JsonElement command) =>
        !command.TryGetProperty("options", out var options) ? []
        : options.EnumerateArray()
            .Where(o => !(o.TryGetProperty("hidden", out var hidden) && hidden.GetBoolean()))
            .SelectMany(o => new[] { o.GetProperty("name").GetString()! }
                .Concat(o.TryGetProperty("aliases", out var aliases) ? aliases.EnumerateArray().Select(a => a.GetString()!) : []))
            .ToList();
}

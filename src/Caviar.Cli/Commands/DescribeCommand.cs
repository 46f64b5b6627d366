using Caviar.Cli.Rendering;
using Caviar.Trials;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar describe STUDY</c>: the study's summary and every trial.</summary>
public sealed class DescribeCommand : Command<StudySettings>
{
    public override int Execute(CommandContext context, StudySettings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            using var store = settings.OpenStore();
            var study = StudyLookup.Load(store, settings.StudyName);
            var trials = study.Trials;
            var counts = Enum.GetValues<TrialState>()
                .Select(s => $"{s}: {trials.Count(t => t.State == s)}");
            AnsiConsole.MarkupLine($"Study [bold]{Markup.Escape(study.Name)}[/] — {study.Direction}, " +
                                   $"created {study.Record.CreatedAt.UtcDateTime:u}");
            AnsiConsole.MarkupLine(string.Join("  ", counts));
            AnsiConsole.Write(TrialTables.Of(trials, $"{trials.Count} trials"));
            foreach (var failed in trials.Where(t => t.FailureReason is not null))
                AnsiConsole.MarkupLine($"trial {failed.Number} {failed.State}: {Markup.Escape(failed.FailureReason!)}");
            return 0;
        });
}

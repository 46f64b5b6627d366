using Caviar.Cli.Output;
using Caviar.Studies;
using Caviar.Trials;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar list</c>: one row per study.</summary>
internal sealed class ListCommand : Command<FormattedStoreSettings>
{
    public override int Execute(CommandContext context, FormattedStoreSettings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var format = settings.ResolveFormat();
            using var store = settings.OpenExistingStore();
            var table = new Tabular(["study", "direction", "trials", "completed", "pruned", "failed", "stopped", "best", "created"],
                rightAligned: ["trials", "completed", "pruned", "failed", "stopped", "best"]);
            foreach (var study in store.ListStudies())
            {
                var trials = store.GetTrials(study.Id);
                int Count(TrialState state) => trials.Count(t => t.State == state);
                // Several objectives: every direction, and no single best (the front's size instead, e.g. "front of 4").
                bool several = study.Directions.Count > 1;
                table.Add(study.Name, string.Join(",", study.Directions), trials.Count, Count(TrialState.Completed),
                    Count(TrialState.Pruned), Count(TrialState.Failed), Count(TrialState.Stopped),
                    several ? $"front of {Caviar.MultiObjective.ParetoFront.Of(trials, study.Directions).Count}"
                        : Study.BestOf(trials, study.Direction)?.Value, study.CreatedAt);
            }
            table.Write(format, Console.Out);
            return 0;
        });
}

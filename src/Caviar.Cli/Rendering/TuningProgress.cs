using Caviar.Studies;
using Caviar.Trials;
using Spectre.Console;

namespace Caviar.Cli.Rendering;

/// <summary>A live progress bar over a tuning run: trials done, best value so far, failures.</summary>
public static class TuningProgress
{
    public static TuningOutcome Run(Study study, int totalTrials, int alreadyDone,
        Func<Action<TrialRecord>, TuningOutcome> run)
    {
        TuningOutcome? outcome = null;
        var gate = new object();
        double? best = study.BestTrial?.Value;
        int failed = 0;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Describe(alreadyDone, totalTrials, best, failed),
                    maxValue: Math.Max(totalTrials, 1));
                task.Value = Math.Min(alreadyDone, totalTrials);
                outcome = run(trial =>
                {
                    lock (gate)
                    {
                        if (trial.State == TrialState.Failed) failed++;
                        if (trial.State == TrialState.Completed &&
                            (best is null || study.Direction.IsBetter(trial.Value!.Value, best.Value)))
                            best = trial.Value;
                        task.Increment(1);
                        task.Description = Describe((int)task.Value, totalTrials, best, failed);
                    }
                });
                task.Value = task.MaxValue;
            });
        return outcome!;
    }

    private static string Describe(int done, int total, double? best, int failed) =>
        $"trials {done}/{(total > 0 ? total.ToString() : "?")}  best {(best is { } b ? b.ToString("G6") : "-")}" +
        (failed > 0 ? $"  [red]failed {failed}[/]" : "");
}

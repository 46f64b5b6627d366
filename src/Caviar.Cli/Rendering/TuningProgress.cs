using Caviar.Cli.Conventions;
using Caviar.Cli.Output;
using Caviar.Studies;
using Caviar.Trials;
using Spectre.Console;

namespace Caviar.Cli.Rendering;

/// <summary>
/// A live progress bar over a tuning run, on standard error when it is a terminal: trials done, best value so far,
/// failures, elapsed and remaining time. Counts how the run's trials ended.
/// </summary>
internal sealed class TuningProgress(Study study, int totalTrials, int alreadyDone)
{
    private readonly object _gate = new();
    private ProgressTask? _task;
    private string? _note;
    private double? _best = study.IsMultiObjective ? null : study.BestTrial?.Value;
    private int? _front = study.IsMultiObjective ? study.BestTrials.Count : null;

    public TrialCounts Counts { get; } = new();

    /// <summary>Shows <paramref name="note"/> (e.g. "interrupted: stopping 2 trials") beside the bar.</summary>
    public void Note(string note)
    {
        lock (_gate)
        {
            _note = note;
            if (_task is not null) _task.Description = Describe();
        }
    }

    public TuningOutcome Run(Func<Action<TrialRecord>, TuningOutcome> run)
    {
        if (Console.IsErrorRedirected)
        {
            // No terminal to draw on (a pipe, a log file): count only, as git and curl do.
            return run(trial =>
            {
                lock (_gate) Counts.Add(trial.State);
            });
        }
        TuningOutcome? outcome = null;
        CliConsole.Error.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                LabelledTimeColumn.Elapsed(), LabelledTimeColumn.Remaining())
            .Start(context =>
            {
                lock (_gate)
                {
                    _task = context.AddTask(Describe(), maxValue: Math.Max(totalTrials, 1));
                    _task.Value = Math.Min(alreadyDone, totalTrials);
                }
                outcome = run(trial =>
                {
                    lock (_gate)
                    {
                        Counts.Add(trial.State);
                        if (trial.State == TrialState.Completed && study.IsMultiObjective)
                            _front = study.BestTrials.Count;
                        else if (trial.State == TrialState.Completed &&
                            (_best is null || study.Direction.IsBetter(trial.Value!.Value, _best.Value)))
                            _best = trial.Value;
                        _task.Increment(1);
                        _task.Description = Describe();
                    }
                });
                _task.Value = _task.MaxValue;
            });
        return outcome!;
    }

    private string Describe()
    {
        int done = alreadyDone + Counts.Total;
        return $"trials {done}/{(totalTrials > 0 ? totalTrials.ToString() : "?")}  " +
               (_front is { } front ? $"pareto front {front}" : $"best {(_best is { } b ? NumberText.Human(b) : "-")}") +
               (Counts.Failed > 0 ? $"  [red]failed {Counts.Failed}[/]" : "") +
               (_note is not null ? $"  [yellow]{Markup.Escape(_note)}[/]" : "");
    }
}

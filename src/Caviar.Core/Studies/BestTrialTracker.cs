using Caviar.Storage;
using Caviar.Trials;

namespace Caviar.Studies;

/// <summary>
/// What a run's stop checks ask of the study again and again: its best completed, feasible trial (what
/// <see cref="Study.BestOf"/> finds, the earliest on ties) and how many completed trials are numbered after it. Finished
/// trials never change, so each check takes in only the trials completed since the one before
/// (<see cref="FinishedTrialFeed"/>) instead of passing over the whole study. Not thread-safe: the run calls it under
/// its lock.
/// </summary>
internal sealed class BestTrialTracker(ObjectiveDirection direction)
{
    private readonly FinishedTrialFeed _feed = new(trial => trial.State == TrialState.Completed);
    private readonly List<int> _completedNumbers = [];

    /// <summary>The best completed, feasible trial taken in so far, or null when there is none.</summary>
    public TrialRecord? Best { get; private set; }

    /// <summary>Completed trials (feasible or not) numbered after <see cref="Best"/>; 0 while there is no best.</summary>
    public int CompletedAfterBest { get; private set; }

    /// <summary>Takes in the completed trials of <paramref name="trials"/> (the study as just read) not seen before.</summary>
    public void Update(IReadOnlyList<TrialRecord> trials)
    {
        var fresh = _feed.Advance(trials, out bool restart);
        if (restart)
        {
            Best = null;
            _completedNumbers.Clear();
            CompletedAfterBest = 0;
        }
        var before = Best;
        foreach (var trial in fresh)
        {
            _completedNumbers.Add(trial.Number);
            if (trial.IsFeasible && (Best is null || Precedes(trial, Best))) Best = trial;
        }
        if (Best is null) return;
        if (!ReferenceEquals(Best, before))
        {
            // A new best is rare (a few times in a run): count afresh from the numbers kept.
            int after = 0;
            foreach (int number in _completedNumbers) if (number > Best.Number) after++;
            CompletedAfterBest = after;
        }
        else foreach (var trial in fresh) if (trial.Number > Best.Number) CompletedAfterBest++;
    }

    /// <summary>Better by value, or as good and earlier (values of completed trials are finite: a total order).</summary>
    private bool Precedes(TrialRecord trial, TrialRecord best) =>
        direction.IsBetter(trial.Value!.Value, best.Value!.Value) ||
        trial.Value!.Value == best.Value!.Value && trial.Number < best.Number;
}

using Caviar.Trials;

namespace Caviar.Strategies;

/// <summary>
/// What a strategy may look at when it proposes values for one trial: every other trial of the study
/// as it was when the trial was asked for, the direction, the trial's number and a random source
/// derived from the study seed and that number (so proposals are reproducible).
/// </summary>
public sealed class StrategyContext(IReadOnlyList<TrialRecord> history, ObjectiveDirection direction,
    int trialNumber, int studySeed)
{
    public IReadOnlyList<TrialRecord> History { get; } = history;
    public ObjectiveDirection Direction { get; } = direction;
    public int TrialNumber { get; } = trialNumber;
    /// <summary>The study's seed; strategies needing a fixed per-study choice (the grid order) derive it from this.</summary>
    public int StudySeed { get; } = studySeed;
    /// <summary>A random source owned by this trial: the same study seed and trial number give the same draws.</summary>
    public Random Random { get; } = new(SeedMixer.ForTrial(studySeed, trialNumber));

    private IReadOnlyList<ScoredTrial>? _completed;

    /// <summary>Completed trials with their value as a loss (lower is better), in trial-number order.</summary>
    public IReadOnlyList<ScoredTrial> Completed => _completed ??= History
        .Where(t => t.State == TrialState.Completed && t.Value is { } v && double.IsFinite(v))
        .Select(t => new ScoredTrial(t, Direction.ToLoss(t.Value!.Value)))
        .ToArray();
}

/// <summary>A completed trial with its objective value turned into a loss.</summary>
public readonly record struct ScoredTrial(TrialRecord Trial, double Loss);

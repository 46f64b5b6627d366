using Caviar.MultiObjective;
using Caviar.Trials;

namespace Caviar.Strategies;

/// <summary>
/// What a strategy may look at when it proposes values for one trial: every other trial of the study
/// as it was when the trial was asked for, the directions, the trial's number and a random source
/// derived from the study seed and that number (so proposals are reproducible).
/// </summary>
public sealed class StrategyContext(IReadOnlyList<TrialRecord> history, IReadOnlyList<ObjectiveDirection> directions,
    int trialNumber, int studySeed)
{
    public StrategyContext(IReadOnlyList<TrialRecord> history, ObjectiveDirection direction, int trialNumber, int studySeed)
        : this(history, [direction], trialNumber, studySeed)
    {
    }

    public IReadOnlyList<TrialRecord> History { get; } = history;
    /// <summary>One direction per objective.</summary>
    public IReadOnlyList<ObjectiveDirection> Directions { get; } = directions;
    /// <summary>The first objective's direction (the only one of a one-objective study).</summary>
    public ObjectiveDirection Direction => Directions[0];
    /// <summary>Whether the study has several objectives.</summary>
    public bool IsMultiObjective => Directions.Count > 1;
    public int TrialNumber { get; } = trialNumber;
    /// <summary>The study's seed; strategies needing a fixed per-study choice (the grid order) derive it from this.</summary>
    public int StudySeed { get; } = studySeed;
    /// <summary>A random source owned by this trial: the same study seed and trial number give the same draws.</summary>
    /// <remarks>Made on first use: a study makes a context to draw with and another for the trial's handle, and most
    /// handles never draw.</remarks>
    public Random Random => _random ??= new(SeedMixer.ForTrial(StudySeed, TrialNumber));

    private Random? _random;

    private IReadOnlyList<ScoredTrial>? _completed;
    private IReadOnlyList<MultiScoredTrial>? _completedLosses;

    /// <summary>Completed trials with their (first) value as a loss (lower is better), in trial-number order.</summary>
    public IReadOnlyList<ScoredTrial> Completed => _completed ??= History
        .Where(t => t.State == TrialState.Completed && t.Value is { } v && double.IsFinite(v))
        .Select(t => new ScoredTrial(t, Direction.ToLoss(t.Value!.Value)))
        .ToArray();

    /// <summary>
    /// Completed trials with every objective as a loss and their total constraint violation, in trial-number order:
    /// what multi-objective strategies rank.
    /// </summary>
    public IReadOnlyList<MultiScoredTrial> CompletedLosses => _completedLosses ??= History
        .Select(t => ParetoFront.Losses(t, Directions) is { } losses ? new MultiScoredTrial(t, losses, t.ConstraintViolation) : default)
        .Where(s => s.Trial is not null)
        .ToArray();
}

/// <summary>A completed trial with its objective value turned into a loss.</summary>
public readonly record struct ScoredTrial(TrialRecord Trial, double Loss);

/// <summary>A completed trial with each objective value as a loss and its total constraint violation (0: feasible).</summary>
public readonly record struct MultiScoredTrial(TrialRecord Trial, double[] Losses, double Violation);

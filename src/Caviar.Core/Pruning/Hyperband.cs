using Caviar.Strategies;
using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// Hyperband: several successive-halving brackets that differ in how early they stop trials, from aggressive
/// (first rung at the minimum resource) to none. Each trial is placed in a bracket by its number (weighted by
/// the bracket's budget, as in the Hyperband paper) and is compared only with trials of its own bracket.
/// Fewer brackets than the resources give keep the most aggressive ones (as Ray Tune's <c>brackets</c>); one bracket
/// is asynchronous successive halving (ASHA) with early-stopping rate 0.
/// </summary>
public sealed class Hyperband : IPruner
{
    private readonly SuccessiveHalving[] _brackets;
    private readonly double[] _cumulativeShare;
    private readonly int _seed;

    /// <summary>Every bracket the resources give (<see cref="MaxBracketCount"/>): full Hyperband.</summary>
    /// <exception cref="Validation.CaviarValidationException">A resource or the factor is out of range (named by its parameter).</exception>
    public Hyperband(long minResource, long maxResource, int reductionFactor = 3, int seed = 0)
        : this(minResource, maxResource, reductionFactor, seed, brackets: null)
    {
    }

    /// <param name="brackets">
    /// How many brackets, taken from the most aggressive (s = 0) up; each keeps its Hyperband budget weight.
    /// Null: every bracket the resources give. 1: asynchronous successive halving.
    /// </param>
    /// <exception cref="Validation.CaviarValidationException">
    /// A resource or the factor is out of range, or <paramref name="brackets"/> is not 1 to <see cref="MaxBracketCount"/>
    /// (named by its parameter).
    /// </exception>
    public Hyperband(long minResource, long maxResource, int reductionFactor, int seed, int? brackets)
    {
        int most = MaxBracketCount(minResource, maxResource, reductionFactor);
        int count = brackets ?? most;
        if (count < 1 || count > most)
            throw new Validation.CaviarValidationException(nameof(brackets),
                $"must be 1 to {most} (the brackets minResource {minResource}, maxResource {maxResource} and reductionFactor {reductionFactor} give); 1 is asynchronous successive halving");
        _seed = seed;
        _brackets = new SuccessiveHalving[count];
        var budgets = new double[count];
        for (int s = 0; s < count; s++)
        {
            int bracket = s;
            _brackets[s] = new SuccessiveHalving(minResource, maxResource, reductionFactor, s,
                t => BracketOf(t.Number) == bracket);
            budgets[s] = Math.Ceiling(most * Math.Pow(reductionFactor, most - 1 - s) / (most - s));
        }
        double total = budgets.Sum(), running = 0;
        _cumulativeShare = budgets.Select(b => running += b / total).ToArray();
    }

    /// <summary>
    /// The brackets the resources give, 1 + ⌊log_η(maxResource / minResource)⌋: bracket s first stops trials at
    /// minResource·η^s, and the last has no rung below maxResource.
    /// </summary>
    /// <exception cref="Validation.CaviarValidationException">A resource or the factor is out of range (named by its parameter).</exception>
    public static int MaxBracketCount(long minResource, long maxResource, int reductionFactor)
    {
        _ = new SuccessiveHalving(minResource, maxResource, reductionFactor);   // checks the arguments before they are used
        return 1 + (int)Math.Floor(Math.Log((double)maxResource / minResource, reductionFactor) + 1e-9);
    }

    public int BracketCount => _brackets.Length;

    public int BracketOf(int trialNumber)
    {
        double u = (SeedMixer.Mix(((ulong)(uint)_seed << 32) | (uint)trialNumber) >> 11) * (1.0 / (1UL << 53));
        int bracket = Array.FindIndex(_cumulativeShare, share => u < share);
        return bracket < 0 ? _brackets.Length - 1 : bracket;
    }

    public bool ShouldPrune(TrialRecord trial, IReadOnlyList<TrialRecord> studyTrials, ObjectiveDirection direction) =>
        _brackets[BracketOf(trial.Number)].ShouldPrune(trial, studyTrials, direction);
}

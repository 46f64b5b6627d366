using Caviar.Strategies;
using Caviar.Trials;

namespace Caviar.Pruning;

/// <summary>
/// Hyperband: several successive-halving brackets that differ in how early they stop trials, from aggressive
/// (first rung at the minimum resource) to none. Each trial is placed in a bracket by its number (weighted by
/// the bracket's budget, as in the Hyperband paper) and is compared only with trials of its own bracket.
/// </summary>
public sealed class Hyperband : IPruner
{
    private readonly SuccessiveHalving[] _brackets;
    private readonly double[] _cumulativeShare;
    private readonly int _seed;

    /// <exception cref="Validation.CaviarValidationException">A resource or the factor is out of range (named by its parameter).</exception>
    public Hyperband(long minResource, long maxResource, int reductionFactor = 3, int seed = 0)
    {
        _ = new SuccessiveHalving(minResource, maxResource, reductionFactor);   // checks the arguments before they are used
        _seed = seed;
        int count = 1 + (int)Math.Floor(Math.Log((double)maxResource / minResource, reductionFactor) + 1e-9);
        _brackets = new SuccessiveHalving[count];
        var budgets = new double[count];
        for (int s = 0; s < count; s++)
        {
            int bracket = s;
            _brackets[s] = new SuccessiveHalving(minResource, maxResource, reductionFactor, s,
                t => BracketOf(t.Number) == bracket);
            budgets[s] = Math.Ceiling(count * Math.Pow(reductionFactor, count - 1 - s) / (count - s));
        }
        double total = budgets.Sum(), running = 0;
        _cumulativeShare = budgets.Select(b => running += b / total).ToArray();
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

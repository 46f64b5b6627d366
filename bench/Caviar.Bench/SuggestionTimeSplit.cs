using System.Diagnostics;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Trials;

namespace Caviar.Bench;

/// <summary>
/// Where one suggestion's time goes: reading the study's trials from the store, and the strategy's own work
/// (a fresh <see cref="StrategyContext"/> over that history and a joint proposal), timed apart on the same study.
/// </summary>
public static class SuggestionTimeSplit
{
    public readonly record struct Split(double StoreReadSeconds, double StrategySeconds);

    public static Split Median(IStudyStore store, long studyId, ISearchStrategy strategy, Caviar.SearchSpaces.SearchSpace space,
        int repeats)
    {
        var reads = new List<double>();
        var proposals = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            var history = store.GetTrials(studyId);
            watch.Stop();
            reads.Add(watch.Elapsed.TotalSeconds);
            watch.Restart();
            strategy.ProposeJoint(new StrategyContext(history, ObjectiveDirection.Minimize, history.Count + r, 0), space);
            watch.Stop();
            proposals.Add(watch.Elapsed.TotalSeconds);
        }
        return new Split(RegretBenchmark.Median(reads), RegretBenchmark.Median(proposals));
    }
}

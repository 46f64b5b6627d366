using System.Buffers;
using Caviar.SearchSpaces;
using Caviar.Strategies;
using Caviar.Trials;

namespace Caviar.Tests.Strategies;

/// <summary>
/// TPE's arrays the size of the study (the completed trials' points, the poor trials, their weights and order, the
/// estimator's constants and the sorted search's keys) are rented from the shared pools and given back when an ask ends
/// (issue 19 part 3): at 10,000 trials an ask allocated about 1 MB, a quarter of it on the large-object heap, which in
/// a process holding a big study meant full collections. Counted in bytes allocated by the asking thread, which load
/// does not change. Rented arrays come back holding whatever the last user left: suggestions must not depend on it.
/// </summary>
public class TpePooledArraysTests
{
    private static readonly SearchSpace Space = new([new ContinuousRange("x", 0, 1)]);

    [Fact]
    public void An_ask_at_10000_trials_allocates_nothing_in_proportion_to_the_study()
    {
        var random = new Random(1);
        var history = Enumerable.Range(0, 10_000).Select(n => Record(n, random.NextDouble(), random.NextDouble())).ToList();
        var strategy = new TpeStrategy();
        var perAsk = new List<long>();
        for (int ask = 0; ask < 25; ask++)
        {
            var context = new StrategyContext(history.ToArray(), ObjectiveDirection.Minimize, history.Count, 0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            double x = strategy.ProposeJoint(context, Space)["x"];
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (ask >= 5) perAsk.Add(allocated);   // the first asks fill the cache and the pools
            history.Add(Record(history.Count, x, 0.5));
        }
        perAsk.Sort();
        long median = perAsk[perAsk.Count / 2];
        // One array of 10,000 doubles is 80,000 bytes; the ask used to allocate about a dozen such arrays (1.06 MB).
        Assert.True(median < 80_000, $"median bytes allocated per ask: {median} (asks: {string.Join(", ", perAsk)})");
    }

    [Fact]
    public void Suggestions_do_not_depend_on_what_rented_arrays_held_before()
    {
        var random = new Random(2);
        var history = Enumerable.Range(0, 3_000).Select(n => Record(n, random.NextDouble(), random.NextDouble())).ToList();
        var strategy = new TpeStrategy();
        for (int ask = 0; ask < 12; ask++)
        {
            StrategyContext Context() => new(history.ToArray(), ObjectiveDirection.Minimize, history.Count, 7);
            double clean = strategy.ProposeJoint(Context(), Space)["x"];
            Dirty(history.Count);
            double dirty = strategy.ProposeJoint(Context(), Space)["x"];
            double reference = new TpeStrategy(null, keepsOrder: false).ProposeJoint(Context(), Space)["x"];
            Assert.Equal(clean, dirty);       // bit for bit
            Assert.Equal(reference, dirty);
            history.Add(Record(history.Count, dirty, random.NextDouble()));
        }
    }

    /// <summary>Rents arrays of the sizes an ask rents, fills them with values that would show, and gives them back.</summary>
    private static void Dirty(int n)
    {
        for (int size = n / 2; size <= 2 * n; size += n / 4)
        {
            var doubles = Enumerable.Range(0, 8).Select(_ => ArrayPool<double>.Shared.Rent(size)).ToList();
            var ints = Enumerable.Range(0, 8).Select(_ => ArrayPool<int>.Shared.Rent(size)).ToList();
            var flags = Enumerable.Range(0, 4).Select(_ => ArrayPool<bool>.Shared.Rent(size)).ToList();
            var words = Enumerable.Range(0, 4).Select(_ => ArrayPool<ulong>.Shared.Rent(size / 64 + 1)).ToList();
            doubles.ForEach(a => Array.Fill(a, double.NaN));
            ints.ForEach(a => Array.Fill(a, 1));
            flags.ForEach(a => Array.Fill(a, true));
            words.ForEach(a => Array.Fill(a, ulong.MaxValue));
            doubles.ForEach(a => ArrayPool<double>.Shared.Return(a));
            ints.ForEach(a => ArrayPool<int>.Shared.Return(a));
            flags.ForEach(a => ArrayPool<bool>.Shared.Return(a));
            words.ForEach(a => ArrayPool<ulong>.Shared.Return(a));
        }
    }

    private static TrialRecord Record(int number, double x, double value) => new()
    {
        Id = number + 1, StudyId = 1, Number = number, State = TrialState.Completed, Value = value,
        StartedAt = DateTimeOffset.UnixEpoch,
        Params = new Dictionary<string, double> { ["x"] = x },
        Distributions = new Dictionary<string, ParameterRange> { ["x"] = Space.Ranges[0] },
    };
}

using System.Diagnostics;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Trials;

namespace Caviar.Bench;

/// <summary>
/// Time of one suggestion (ask + all six values of hartmann6's space) with N completed trials in an in-memory
/// store, both sides with their default TPE. Each timed trial is then failed, so the completed count stays N.
/// The prefill is random points with their true values, the same recipe on both sides.
/// </summary>
public static class SuggestionTimingBenchmark
{
    private const int WarmUpAsks = 40;
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(1);

    /// <summary>Median seconds of one ask, and the median split of that time between store read and strategy.</summary>
    public static (double Seconds, SuggestionTimeSplit.Split Split) MedianSeconds(int completed, int repeats, string strategy = "tpe")
    {
        var function = StandardFunctions.Hartmann6;
        var store = new InMemoryStudyStore();
        var study = Study.Create(store, "timing", ObjectiveDirection.Minimize, new StudyOptions { Seed = 0, Strategy = BenchStrategies.Create(strategy) });
        var random = new Random(0);
        for (int i = 0; i < completed; i++)
        {
            var trial = store.CreateTrial(study.Record.Id, DateTimeOffset.UtcNow);
            var x = new double[6];
            for (int d = 0; d < 6; d++)
            {
                x[d] = random.NextDouble();
                store.SetParam(trial.Id, function.Space.Ranges[d].Name, x[d], function.Space.Ranges[d]);
            }
            store.FinishTrial(trial.Id, TrialState.Completed, function.Function(x), DateTimeOffset.UtcNow);
        }

        // Warm-up until the JIT has optimised the hot paths (tiered compilation promotes a method after 30 calls
        // and a short delay): a tuning run is a long-lived process, so its steady state is what users get.
        var warmUp = Stopwatch.StartNew();
        for (int w = 0; w < WarmUpAsks || warmUp.Elapsed < WarmUpTime; w++)
            study.Tell(study.Ask(function.Space), TrialState.Failed, "warm-up");

        var durations = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            var asked = study.Ask(function.Space);
            watch.Stop();
            study.Tell(asked, TrialState.Failed, "timing only");
            durations.Add(watch.Elapsed.TotalSeconds);
        }
        var split = SuggestionTimeSplit.Median(store, study.Record.Id, study.Options.Strategy, function.Space, repeats);
        return (RegretBenchmark.Median(durations), split);
    }
}

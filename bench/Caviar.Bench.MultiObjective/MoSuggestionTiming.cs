using System.Diagnostics;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Trials;

namespace Caviar.Bench.MultiObjective;

/// <summary>
/// Time of one suggestion (ask + the six values of ZDT1's space, or another problem's for Caviar alone) with N completed
/// trials in an in-memory store, as the peer measures it: NSGA-II's history is its own run (its generations), MOTPE's is
/// random points with their values, and so is the default's with three or more objectives (TPE throughout there).
/// Each timed trial is failed, so the completed count stays N; the JIT is warmed up on a twin study.
/// </summary>
public static class MoSuggestionTiming
{
    /// <summary>Wall time of one ask: median and mean; the asking thread's CPU time per ask over all repeats (what
    /// load on the other cores does not inflate, unlike wall time); and the bytes the asking thread allocated per ask
    /// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>, which load does not change at all).</summary>
    public sealed record Timing(double MedianSeconds, double MeanSeconds, double CpuSecondsPerAsk, double BytesPerAsk);

    public static double MedianSeconds(string strategy, int completed, int repeats) => Measure(strategy, completed, repeats).MedianSeconds;

    public static Timing Measure(string strategy, int completed, int repeats, string problemName = "zdt1")
    {
        // The JIT is warmed up on a twin study, so the timed one holds the completed trials and, like the peer's, one
        // failed warm-up ask before the timed ones (warming up on the timed study itself left it with tens of
        // thousands of failed trials: a far larger study than the peer's).
        var problem = MoProblems.Get(problemName);
        var twin = Prepared(strategy, completed, problem);
        var warmUp = Stopwatch.StartNew();
        for (int w = 0; w < 40 || warmUp.Elapsed < TimeSpan.FromSeconds(1); w++)
            twin.Tell(twin.Ask(problem.Space), TrialState.Failed, "warm-up");
        var study = Prepared(strategy, completed, problem);
        study.Tell(study.Ask(problem.Space), TrialState.Failed, "warm-up");
        var durations = new List<double>();
        double cpu = 0;
        long bytes = 0;
        for (int r = 0; r < repeats; r++)
        {
            double cpuBefore = ThreadCpuTime.Seconds();
            long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            var asked = study.Ask(problem.Space);
            watch.Stop();
            bytes += GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            cpu += ThreadCpuTime.Seconds() - cpuBefore;
            study.Tell(asked, TrialState.Failed, "timing only");
            durations.Add(watch.Elapsed.TotalSeconds);
        }
        double mean = durations.Average();
        durations.Sort();
        return new Timing(durations[durations.Count / 2], mean, cpu / repeats, (double)bytes / repeats);
    }

    private static Study Prepared(string strategy, int completed, MultiObjectiveFunction problem)
    {
        var options = new StudyOptions { Seed = 0 };
        if (MoRun.StrategyFor(strategy) is { } chosen) options = options with { Strategy = chosen };
        var store = new InMemoryStudyStore();
        var study = Study.Create(store, "timing", problem.Directions, options);
        if (strategy == "caviar-nsga2" && problem.Directions.Count < 3)   // with 3+ the default is TPE throughout
            study.Optimize(t => problem.Objectives(problem.Point(t.Params)), new TuningLimits { MaxTrials = completed }, problem.Space);
        else
        {
            var random = new Random(0);
            var space = problem.Space;
            for (int i = 0; i < completed; i++)
            {
                var x = space.Ranges.Select(_ => random.NextDouble()).ToArray();
                study.Add(space, space.Ranges.Select((r, d) => (r.Name, (object)x[d])).ToDictionary(), problem.Objectives(x));
            }
        }
        return study;
    }
}

using Caviar.Specs;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Trials;

namespace Caviar.Bench;

/// <summary>
/// Simple regret (best value found − global minimum) of each strategy on each function, per seed, after half
/// the trials and after all of them (the half is read off the same run: strategies do not know the budget).
/// </summary>
public static class RegretBenchmark
{
    /// <summary>Each run's objective values in trial order, keyed by (function, strategy).</summary>
    public sealed class Runs : Dictionary<(string Function, string Strategy), List<double[]>>;

    public static Runs RunCaviar(BenchOptions options)
    {
        var runs = new Runs();
        foreach (var name in options.Functions)
        {
            var function = StandardFunctions.Get(name);
            foreach (var strategy in options.Strategies)
            {
                var values = new List<double[]>();
                foreach (int seed in Enumerable.Range(0, options.Seeds))
                {
                    var study = Study.Create(new InMemoryStudyStore(), "bench", ObjectiveDirection.Minimize,
                        new StudyOptions { Strategy = StrategyFactory.Create(strategy), Seed = seed });
                    study.Optimize(t => function.Evaluate(t.Params), new TuningLimits { MaxTrials = options.Trials },
                        space: function.Space);
                    values.Add(study.Trials.Select(t => t.Value!.Value).ToArray());
                }
                runs[(name, "caviar-" + strategy)] = values;
                Console.Error.WriteLine($"  caviar {strategy} on {name}: done");
            }
        }
        return runs;
    }

    public static void AddOptuna(Runs runs, OptunaPeer peer, BenchOptions options)
    {
        foreach (var line in peer.Run("regret", options.Seeds.ToString(), options.Trials.ToString(), string.Join(",", options.Functions)))
        {
            var key = (line.GetProperty("function").GetString()!, line.GetProperty("strategy").GetString()!);
            if (!runs.TryGetValue(key, out var list)) runs[key] = list = [];
            list.Add(line.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        }
    }

    public static double MedianRegret(IEnumerable<double[]> runs, int budget, double globalMinimum) =>
        Median(runs.Select(values => values.Take(budget).Min() - globalMinimum));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

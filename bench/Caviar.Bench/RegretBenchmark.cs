using System.Text.Json;
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
        if (options.CaviarFile is { } file && File.Exists(file))
        {
            var saved = new Runs();
            foreach (var line in File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement))
            {
                var key = (line.GetProperty("function").GetString()!, line.GetProperty("strategy").GetString()!);
                if (!saved.TryGetValue(key, out var list)) saved[key] = list = [];
                list.Add(line.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray());
            }
            return saved;
        }
        var jobs = (from name in options.Functions from strategy in options.Strategies
                    from seed in Enumerable.Range(0, options.Seeds) select (name, strategy, seed)).ToArray();
        var values = new double[jobs.Length][];
        System.Threading.Tasks.Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel }, i =>
        {
            var (name, strategy, seed) = jobs[i];
            var function = StandardFunctions.Get(name);
            var study = Study.Create(new InMemoryStudyStore(), "bench", ObjectiveDirection.Minimize,
                new StudyOptions { Strategy = BenchStrategies.Create(strategy), Seed = seed });
            study.Optimize(t => function.Evaluate(t.Params), new TuningLimits { MaxTrials = options.Trials },
                space: function.Space);
            values[i] = study.Trials.Select(t => t.Value!.Value).ToArray();
            if (seed == options.Seeds - 1) Console.Error.WriteLine($"  caviar {strategy} on {name}: last seed done");
        });
        var runs = new Runs();
        for (int i = 0; i < jobs.Length; i++)
        {
            var key = (jobs[i].name, "caviar-" + jobs[i].strategy);
            if (!runs.TryGetValue(key, out var list)) runs[key] = list = [];
            list.Add(values[i]);
        }
        if (options.CaviarFile is { } save)
            File.WriteAllLines(save, runs.SelectMany(r => r.Value.Select(values => JsonSerializer.Serialize(
                new { function = r.Key.Function, strategy = r.Key.Strategy, values }))));
        return runs;
    }

    public static void AddOptuna(Runs runs, OptunaPeer peer, BenchOptions options)
    {
        IReadOnlyList<JsonElement> lines;
        if (options.OptunaFile is { } file && File.Exists(file))
            lines = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement)
                .Where(l => options.Functions.Contains(l.GetProperty("function").GetString())).ToList();
        else
        {
            lines = peer.Run("regret", options.Seeds.ToString(), options.Trials.ToString(), string.Join(",", options.Functions),
                string.Join(",", options.OptunaSamplers));
            if (options.OptunaFile is { } save) File.WriteAllLines(save, lines.Select(l => l.GetRawText()));
        }
        foreach (var line in lines)
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

using System.Globalization;
using Caviar.Bench;
using Caviar.TestFunctions;

// Side-by-side benchmark of Caviar against Optuna 3.1 (Debian's python3-optuna). See bench/README.md.
var options = BenchOptions.Parse(args);
var peer = new OptunaPeer(options.Python);
Console.WriteLine($"Caviar vs Optuna {peer.Version()} — {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
FunctionCheck.Run(peer);

if (!options.SkipRegret)
{
    Console.WriteLine($"\nMedian simple regret over {options.Seeds} seeds (best found − global minimum; lower is better).");
    Console.WriteLine($"The {options.Trials / 2}-trial column is the best of the first {options.Trials / 2} trials of the same runs.");
    var runs = RegretBenchmark.RunCaviar(options);
    RegretBenchmark.AddOptuna(runs, peer, options);
    ResultTable.PrintRegret(runs, options);
}

if (!options.SkipTiming)
{
    Console.WriteLine("\nTime of one suggestion (ask + 6 values, hartmann6 space, default TPE, in-memory storage), median:");
    var theirs = peer.Run("timing", string.Join(",", options.Sizes), options.Repeats.ToString(CultureInfo.InvariantCulture))
        .ToDictionary(l => l.GetProperty("size").GetInt32(), l => l.GetProperty("median_seconds").GetDouble());
    Console.WriteLine($"{"completed trials",16} {"Caviar ms",12} {"Optuna ms",12} {"speed-up",10}");
    foreach (int size in options.Sizes)
    {
        double ours = SuggestionTimingBenchmark.MedianSeconds(size, options.Repeats);
        Console.WriteLine($"{size,16} {ours * 1000,12:F3} {theirs[size] * 1000,12:F3} {theirs[size] / ours,9:F1}x");
    }
    Console.WriteLine("Goal: at least 50x faster.");
}

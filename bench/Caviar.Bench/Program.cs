using System.Globalization;
using Caviar.Bench;
using Caviar.TestFunctions;

// Side-by-side benchmark of Caviar against Optuna 3.1 (Debian's python3-optuna). See bench/README.md.
var options = BenchOptions.Parse(args);
var peer = new OptunaPeer(options.Python);
// The peer is needed unless its regret lines come from a file and no Optuna timing is asked for.
bool regretNeedsPeer = !options.SkipRegret && !(options.OptunaFile is { } file && File.Exists(file));
bool timingNeedsPeer = !options.SkipTiming && !options.TimingCaviarOnly;
bool peerNeeded = regretNeedsPeer || timingNeedsPeer;
bool peerAvailable = peer.IsInstalled();
Console.WriteLine($"Caviar vs Optuna {(peerNeeded && peerAvailable ? peer.Version() : "(lines from " + options.OptunaFile + ")")} — " +
                  $"{Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
if (peerNeeded && peerAvailable) FunctionCheck.Run(peer);

if (!options.SkipRegret)
{
    Console.WriteLine($"\nMedian simple regret over {options.Seeds} seeds (best found − global minimum; lower is better).");
    Console.WriteLine($"Rows at {string.Join(" and ", options.RegretBudgets)} trials are read off the same {options.Trials}-trial runs (no strategy knows its budget).");
    var runs = RegretBenchmark.RunCaviar(options);
    if (regretNeedsPeer && !peerAvailable) ResultTable.PrintCaviarOnly(runs, options);
    else
    {
        RegretBenchmark.AddOptuna(runs, peer, options);
        ResultTable.PrintRegret(runs, options);
    }
}

if (!options.SkipTiming)
{
    Console.WriteLine($"\nTime of one suggestion (ask + 6 values, hartmann6 space, Caviar {options.TimingStrategy} vs Optuna's default TPE, in-memory storage), median:");
    var theirs = options.TimingCaviarOnly || !peerAvailable ? options.Sizes.ToDictionary(s => s, _ => double.NaN)
        : peer.Run("timing", string.Join(",", options.Sizes), options.Repeats.ToString(CultureInfo.InvariantCulture))
            .ToDictionary(l => l.GetProperty("size").GetInt32(), l => l.GetProperty("median_seconds").GetDouble());
    Console.WriteLine($"{"completed trials",16} {"Caviar ms",12} {"Optuna ms",12} {"speed-up",10} {"store read ms",14} {"strategy ms",12}");
    foreach (int size in options.Sizes)
    {
        var (ours, split) = SuggestionTimingBenchmark.MedianSeconds(size, options.Repeats, options.TimingStrategy);
        Console.WriteLine($"{size,16} {ours * 1000,12:F3} {theirs[size] * 1000,12:F3} {theirs[size] / ours,9:F1}x" +
            $" {split.StoreReadSeconds * 1000,14:F3} {split.StrategySeconds * 1000,12:F3}");
    }
    Console.WriteLine("Goal: at least 50x faster.");
}

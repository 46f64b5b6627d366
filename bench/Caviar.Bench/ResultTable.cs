using Caviar.TestFunctions;

namespace Caviar.Bench;

/// <summary>Prints the regret table with the Caviar/Optuna ratios.</summary>
public static class ResultTable
{
    public static void PrintRegret(RegretBenchmark.Runs runs, BenchOptions options)
    {
        var columns = options.Strategies.Select(s => "caviar-" + s).Concat(options.OptunaSamplers.Select(s => "optuna-" + s)).ToList();
        var ratioColumns = options.Strategies.Where(s => s != "random").ToList();
        string baseline = options.Baseline;
        Console.WriteLine($"Ratio columns: Caviar's median regret / {baseline}'s.");
        Console.WriteLine($"{"function",-17} {"trials",6} " + string.Join(" ", columns.Select(c => $"{c,14}")) + " " +
                          string.Join(" ", ratioColumns.Select(s => $"{s + "/" + baseline.Replace("optuna-", "o-"),14}")));
        var meetsGoal = ratioColumns.ToDictionary(s => s, _ => 0);
        var worst = ratioColumns.ToDictionary(s => s, _ => 0.0);
        int rows = 0;
        foreach (var name in options.Functions)
        {
            double minimum = StandardFunctions.Get(name).GlobalMinimum;
            foreach (int budget in options.RegretBudgets)
            {
                var medians = columns.ToDictionary(c => c, c => RegretBenchmark.MedianRegret(runs[(name, c)], budget, minimum));
                var ratios = ratioColumns.Select(s =>
                {
                    double ratio = medians["caviar-" + s] / medians[baseline];
                    if (ratio <= options.GoalRatio) meetsGoal[s]++;
                    worst[s] = Math.Max(worst[s], ratio);
                    return $"{ratio,14:F2}";
                });
                Console.WriteLine($"{name,-17} {budget,6} " + string.Join(" ", columns.Select(c => $"{medians[c],14:G4}")) + " " +
                                  string.Join(" ", ratios));
                rows++;
            }
        }
        foreach (var (strategy, count) in meetsGoal)
            Console.WriteLine($"caviar-{strategy}: regret <= {options.GoalRatio}x {baseline} in {count} of {rows} function/budget rows; worst ratio {worst[strategy]:F2}.");
    }

    /// <summary>Caviar's columns alone, where Optuna is not installed (its seeded lines can be added later from a file).</summary>
    public static void PrintCaviarOnly(RegretBenchmark.Runs runs, BenchOptions options)
    {
        var columns = options.Strategies.Select(s => "caviar-" + s).ToList();
        Console.WriteLine($"{"function",-17} {"trials",6} " + string.Join(" ", columns.Select(c => $"{c,14}")));
        foreach (var name in options.Functions)
        {
            double minimum = StandardFunctions.Get(name).GlobalMinimum;
            foreach (int budget in options.RegretBudgets)
                Console.WriteLine($"{name,-17} {budget,6} " + string.Join(" ", columns.Select(c =>
                    $"{RegretBenchmark.MedianRegret(runs[(name, c)], budget, minimum),14:G4}")));
        }
    }
}

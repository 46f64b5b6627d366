using Caviar.TestFunctions;

namespace Caviar.Bench;

/// <summary>Prints the regret table with the Caviar/Optuna ratios.</summary>
public static class ResultTable
{
    public static void PrintRegret(RegretBenchmark.Runs runs, BenchOptions options)
    {
        var columns = options.Strategies.Select(s => "caviar-" + s).Concat(["optuna-tpe", "optuna-random"]).ToList();
        var ratioColumns = options.Strategies.Where(s => s != "random").ToList();
        Console.WriteLine($"{"function",-17} {"trials",6} " + string.Join(" ", columns.Select(c => $"{c,14}")) + " " +
                          string.Join(" ", ratioColumns.Select(s => $"{s + "/optuna",12}")));
        var meetsGoal = ratioColumns.ToDictionary(s => s, _ => 0);
        var worst = ratioColumns.ToDictionary(s => s, _ => 0.0);
        int rows = 0;
        foreach (var name in options.Functions)
        {
            double minimum = StandardFunctions.Get(name).GlobalMinimum;
            foreach (int budget in new[] { options.Trials / 2, options.Trials })
            {
                var medians = columns.ToDictionary(c => c, c => RegretBenchmark.MedianRegret(runs[(name, c)], budget, minimum));
                var ratios = ratioColumns.Select(s =>
                {
                    double ratio = medians["caviar-" + s] / medians["optuna-tpe"];
                    if (ratio <= 0.7) meetsGoal[s]++;
                    worst[s] = Math.Max(worst[s], ratio);
                    return $"{ratio,12:F2}";
                });
                Console.WriteLine($"{name,-17} {budget,6} " + string.Join(" ", columns.Select(c => $"{medians[c],14:G4}")) + " " +
                                  string.Join(" ", ratios));
                rows++;
            }
        }
        foreach (var (strategy, count) in meetsGoal)
            Console.WriteLine($"caviar-{strategy}: regret <= 0.7x Optuna TPE in {count} of {rows} function/budget rows (goal: most); worst ratio {worst[strategy]:F2}.");
    }

    /// <summary>Caviar's columns alone, where Optuna is not installed (its seeded lines can be added later from a file).</summary>
    public static void PrintCaviarOnly(RegretBenchmark.Runs runs, BenchOptions options)
    {
        var columns = options.Strategies.Select(s => "caviar-" + s).ToList();
        Console.WriteLine($"{"function",-17} {"trials",6} " + string.Join(" ", columns.Select(c => $"{c,14}")));
        foreach (var name in options.Functions)
        {
            double minimum = StandardFunctions.Get(name).GlobalMinimum;
            foreach (int budget in new[] { options.Trials / 2, options.Trials })
                Console.WriteLine($"{name,-17} {budget,6} " + string.Join(" ", columns.Select(c =>
                    $"{RegretBenchmark.MedianRegret(runs[(name, c)], budget, minimum),14:G4}")));
        }
    }
}

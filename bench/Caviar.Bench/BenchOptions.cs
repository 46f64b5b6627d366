using System.Globalization;

namespace Caviar.Bench;

/// <summary>Command-line options of the benchmark; defaults are the full run described in bench/README.md.</summary>
public sealed record BenchOptions
{
    /// <summary>Seeds per function and strategy. Default 20 (--quick: 3).</summary>
    public int Seeds { get; init; } = 20;

    /// <summary>Trials per run; regret is also read at half of it. Default 100.</summary>
    public int Trials { get; init; } = 100;

    /// <summary>Functions to run. Default: all six.</summary>
    public IReadOnlyList<string> Functions { get; init; } =
        ["branin", "hartmann6", "rosenbrock4", "ackley5", "levy4", "styblinski-tang4"];

    /// <summary>Caviar strategies compared with Optuna. Default tpe, gp, random.</summary>
    public IReadOnlyList<string> Strategies { get; init; } = ["tpe", "gp", "random"];

    /// <summary>Optuna samplers run beside them (optuna_peer.py's names: tpe, random, cmaes, cmaes-ipop, qmc). Default tpe, random.</summary>
    public IReadOnlyList<string> OptunaSamplers { get; init; } = ["tpe", "random"];

    /// <summary>Trial counts at which regret is read off the same runs. Default: half of <see cref="Trials"/> and all of it.</summary>
    public IReadOnlyList<int>? Budgets { get; init; }

    /// <summary>The column the ratio columns divide by. Default optuna-tpe.</summary>
    public string Baseline { get; init; } = "optuna-tpe";

    /// <summary>A ratio at or below this meets the goal. Default 0.7.</summary>
    public double GoalRatio { get; init; } = 0.7;

    /// <summary>Completed-trial counts at which one suggestion is timed. Default 100, 1000, 10000 (--quick: 100, 1000).</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [100, 1000, 10000];

    /// <summary>Timed suggestions per size (after one warm-up). Default 15.</summary>
    public int Repeats { get; init; } = 15;

    /// <summary>Caviar runs (function, strategy, seed) in parallel; results do not depend on it. Default 1.</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>
    /// A file of the Optuna peer's regret lines: read from it when it exists, else written after the peer ran (the
    /// peer is seeded, so its lines are the same on every machine; this lets Caviar's side run where Optuna is not
    /// installed). Default none: the peer always runs.
    /// </summary>
    public string? OptunaFile { get; init; }

    /// <summary>
    /// A file of Caviar's regret runs: read from it when it exists, else written after they ran (runs are seeded, so a
    /// machine with more cores can make them). Default none.
    /// </summary>
    public string? CaviarFile { get; init; }

    /// <summary>Strategy timed by the suggestion-time table: tpe (the default strategy) or gp. Default tpe.</summary>
    public string TimingStrategy { get; init; } = "tpe";

    public bool SkipRegret { get; init; }
    public bool SkipTiming { get; init; }

    /// <summary>Time Caviar's suggestions only (no Optuna column): for quick iterations on the strategy.</summary>
    public bool TimingCaviarOnly { get; init; }

    /// <summary>The Python that has Debian's optuna. Default /usr/bin/python3.</summary>
    public string Python { get; init; } = "/usr/bin/python3";

    /// <summary>The trial counts regret is read at.</summary>
    public IReadOnlyList<int> RegretBudgets => Budgets ?? [Trials / 2, Trials];

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        if (args.Contains("--quick"))
            options = options with { Seeds = 3, Sizes = [100, 1000], Repeats = 5 };
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--quick" => options,
                "--seeds" => options with { Seeds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--trials" => options with { Trials = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--functions" => options with { Functions = Next().Split(',') },
                "--strategies" => options with { Strategies = Next().Split(',') },
                "--sizes" => options with { Sizes = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() },
                "--repeats" => options with { Repeats = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--skip-regret" => options with { SkipRegret = true },
                "--skip-timing" => options with { SkipTiming = true },
                "--timing-caviar-only" => options with { TimingCaviarOnly = true, SkipRegret = true },
                "--python" => options with { Python = Next() },
                "--parallel" => options with { Parallel = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--optuna-file" => options with { OptunaFile = Next() },
                "--caviar-file" => options with { CaviarFile = Next() },
                "--optuna-samplers" => options with { OptunaSamplers = Next().Split(',') },
                "--budgets" => options with { Budgets = Next().Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray() },
                "--baseline" => options with { Baseline = Next() },
                "--goal-ratio" => options with { GoalRatio = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--timing-strategy" => options with { TimingStrategy = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }
}

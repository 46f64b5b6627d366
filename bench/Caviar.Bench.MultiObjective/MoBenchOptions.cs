using System.Globalization;

namespace Caviar.Bench.MultiObjective;

/// <summary>Command-line settings of the multi-objective benchmark; defaults on each property.</summary>
public sealed record MoBenchOptions
{
    /// <summary>Seeds per problem and strategy. Default 10.</summary>
    public int Seeds { get; init; } = 10;
    /// <summary>Trials per run; the hypervolume is also reported after half of them. Default 200.</summary>
    public int Trials { get; init; } = 200;
    public string[] Problems { get; init; } = ["zdt1", "zdt2", "zdt3", "dtlz2", "binh-korn"];
    /// <summary>Caviar's strategies to run. Default caviar-nsga2 (the default) and caviar-motpe.</summary>
    public string[] Strategies { get; init; } = ["caviar-nsga2", "caviar-motpe"];
    /// <summary>Optuna's samplers (the peer's names: nsga2, motpe = TPESampler, motpesampler = the deprecated
    /// MOTPESampler class, unconstrained problems only). Default nsga2 and motpe.</summary>
    public string[] OptunaSamplers { get; init; } = ["nsga2", "motpe"];
    public string Python { get; init; } = "/usr/bin/python3";
    /// <summary>Completed trials for the suggestion timing. Default 1,000.</summary>
    public int TimingSize { get; init; } = 1000;
    /// <summary>The problem whose space and objectives the suggestion timing uses; other than zdt1 only with
    /// <see cref="TimingCaviarOnly"/> (the peer times ZDT1). Default zdt1.</summary>
    public string TimingProblem { get; init; } = "zdt1";
    public int Repeats { get; init; } = 50;
    /// <summary>Strategies timed against the peer (the peer's names). Default nsga2 and motpe; Optuna's MOTPE asks
    /// take over a second each at 1,000 trials, so <c>--timed nsga2</c> keeps a run short.</summary>
    public string[] Timed { get; init; } = ["nsga2", "motpe"];
    public bool SkipTiming { get; init; }
    public bool SkipHypervolume { get; init; }
    /// <summary>Optuna's run lines are saved here, or read from here when it exists (both sides are deterministic).</summary>
    public string? OptunaFile { get; init; }
    /// <summary>Only Caviar's runs (no peer, no check): for trying settings. Default off.</summary>
    public bool CaviarOnly { get; init; }
    /// <summary>Only Caviar's suggestion timing (no hypervolume runs, no peer): for profiling. Default off.</summary>
    public bool TimingCaviarOnly { get; init; }
    /// <summary>Runs at once on the Caviar side. Default 1.</summary>
    public int Parallel { get; init; } = 1;

    public static MoBenchOptions Parse(string[] args)
    {
        var options = new MoBenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--seeds" => options with { Seeds = NextInt() },
                "--trials" => options with { Trials = NextInt() },
                "--problems" => options with { Problems = Next().Split(',') },
                "--strategies" => options with { Strategies = Next().Split(';') },
                "--optuna-samplers" => options with { OptunaSamplers = Next().Split(',') },
                "--python" => options with { Python = Next() },
                "--timing-size" => options with { TimingSize = NextInt() },
                "--repeats" => options with { Repeats = NextInt() },
                "--timed" => options with { Timed = Next().Split(',') },
                "--skip-timing" => options with { SkipTiming = true },
                "--skip-hypervolume" => options with { SkipHypervolume = true },
                "--optuna-file" => options with { OptunaFile = Next() },
                "--caviar-only" => options with { CaviarOnly = true, SkipTiming = true },
                "--timing-problem" => options with { TimingProblem = Next() },
                "--timing-caviar-only" => options with { TimingCaviarOnly = true, SkipHypervolume = true },
                "--parallel" => options with { Parallel = NextInt() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }
}

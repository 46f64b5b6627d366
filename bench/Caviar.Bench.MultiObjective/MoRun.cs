using System.Diagnostics;
using System.Text.Json;
using Caviar.MultiObjective;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.TestFunctions;

namespace Caviar.Bench.MultiObjective;

/// <summary>One run: every trial's objective values (all minimised) and constraint values, in trial order.</summary>
public sealed record MoRun(string Problem, string Strategy, int Seed, double Seconds, double[][] Values, double[][] Constraints)
{
    /// <summary>The hypervolume of the first <paramref name="trials"/> trials' feasible points against the problem's reference.</summary>
    public double Hypervolume(int trials)
    {
        var reference = MoProblems.Get(Problem).Reference;
        var points = Values.Take(trials).Where((_, i) => Constraints[i].All(c => c <= 0)).Select(v => (IReadOnlyList<double>)v);
        return Caviar.MultiObjective.Hypervolume.Compute(points, reference);
    }

    public static MoRun FromLine(JsonElement line) => new(
        line.GetProperty("problem").GetString()!, line.GetProperty("strategy").GetString()!, line.GetProperty("seed").GetInt32(),
        line.GetProperty("seconds").GetDouble(),
        line.GetProperty("values").EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray(),
        line.GetProperty("constraints").EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray());

    /// <summary>Caviar's strategies as the benchmark names them: "caviar-nsga2" is the default for several objectives.</summary>
    /// <remarks>"caviar-nsga2:pop=10,ceta=15,meta=20,cx=0.9,tpe=4,many=0,sobol=1" tries other NSGA-II settings, "caviar-motpe:mv=0,bw=0.2"
    /// other TPE settings (<see cref="TpeSettings"/>).</remarks>
    public static ISearchStrategy? StrategyFor(string name) => name switch
    {
        "caviar-nsga2" => null,
        "caviar-motpe" => new TpeStrategy(),
        _ when name.StartsWith("caviar-nsga2:", StringComparison.Ordinal) => new NsgaIIStrategy(NsgaSettings(name[13..])),
        _ when name.StartsWith("caviar-motpe:", StringComparison.Ordinal) => new TpeStrategy(TpeSettings(name[13..])),
        _ => throw new ArgumentException($"unknown strategy {name}"),
    };

    private static Caviar.Strategies.Nsga.NsgaIIOptions NsgaSettings(string settings)
    {
        var options = new Caviar.Strategies.Nsga.NsgaIIOptions();
        foreach (var pair in settings.Split(','))
        {
            var (key, value) = (pair.Split('=')[0], double.Parse(pair.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
            options = key switch
            {
                "pop" => options with { PopulationSize = (int)value },
                "ceta" => options with { CrossoverEta = value },
                "meta" => options with { MutationEta = value },
                "cx" => options with { CrossoverProbability = value },
                "pm" => options with { MutationProbability = value },
                "tpe" => options with { ModelBasedGenerations = (int)value },
                "many" => options with { ModelBasedForManyObjectives = value != 0 },
                "sobol" => options with { Startup = value != 0 ? StartupSampling.QuasiRandom : StartupSampling.Random },
                _ => throw new ArgumentException($"unknown NSGA-II setting {key}"),
            };
        }
        return options;
    }

    /// <summary>TPE settings: mv (multivariate, 0/1), bw (the multi-objective bandwidth factor), minbw, prior (prior
    /// weight), start (start-up trials), gf (the multi-objective good fraction), cand (candidates), recent (full-weight
    /// recent trials).</summary>
    private static Caviar.Strategies.Tpe.TpeOptions TpeSettings(string settings)
    {
        var options = new Caviar.Strategies.Tpe.TpeOptions();
        foreach (var pair in settings.Split(','))
        {
            var (key, value) = (pair.Split('=')[0], double.Parse(pair.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
            options = key switch
            {
                "mv" => options with { Multivariate = value != 0 },
                "bw" => options with { MultiObjectiveBandwidthFactor = value },
                "minbw" => options with { MinBandwidth = value },
                "prior" => options with { PriorWeight = value },
                "start" => options with { StartupTrials = (int)value },
                "gf" => options with { MultiObjectiveGoodFraction = value },
                "cand" => options with { Candidates = (int)value },
                "recent" => options with { FullWeightRecentTrials = (int)value },
                _ => throw new ArgumentException($"unknown TPE setting {key}"),
            };
        }
        return options;
    }

    /// <summary>A Caviar run in memory, with the problem's constraints through the study's constraint hook.</summary>
    public static MoRun RunCaviar(MultiObjectiveFunction problem, string strategy, int seed, int trials)
    {
        var constraints = problem.Constraints;
        var options = new StudyOptions
        {
            Seed = seed,
            Constraints = constraints is null ? null : t => constraints(problem.Point(t.ExternalParams)),
        };
        if (StrategyFor(strategy) is { } chosen) options = options with { Strategy = chosen };
        var study = Study.Create(new InMemoryStudyStore(), problem.Name, problem.Directions, options);
        var watch = Stopwatch.StartNew();
        study.Optimize(t => problem.Objectives(problem.Point(t.Params)), new TuningLimits { MaxTrials = trials }, problem.Space);
        watch.Stop();
        var done = study.Trials;
        return new MoRun(problem.Name, strategy, seed, watch.Elapsed.TotalSeconds,
            done.Select(t => t.Values!.ToArray()).ToArray(), done.Select(t => t.Constraints.ToArray()).ToArray());
    }
}

using System.Globalization;
using System.Text.Json;
using Caviar.Bench.MultiObjective;

// Multi-objective benchmark of Caviar against Optuna 3.1 (Debian's python3-optuna). See bench/README.md.
var options = MoBenchOptions.Parse(args);
var peer = new MoPeer(options.Python);
Console.WriteLine($"Caviar vs Optuna, multi-objective — {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
if (!options.CaviarOnly && !options.TimingCaviarOnly) MoFunctionCheck.Run(peer);
string[] caviar = options.Strategies;
string[] optunaSamplers = options.OptunaSamplers;

if (!options.SkipHypervolume)
{
    var runs = new List<MoRun>();
    var jobs = (from p in options.Problems from s in caviar from seed in Enumerable.Range(0, options.Seeds) select (p, s, seed)).ToList();
    var caviarRuns = new MoRun[jobs.Count];
    Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel },
        i => caviarRuns[i] = MoRun.RunCaviar(MoProblems.Get(jobs[i].p), jobs[i].s, jobs[i].seed, options.Trials));
    runs.AddRange(caviarRuns);

    IEnumerable<string> optunaLines;
    if (options.OptunaFile is { } file && File.Exists(file)) optunaLines = File.ReadAllLines(file);
    else if (options.CaviarOnly) optunaLines = [];
    else
    {
        optunaLines = peer.Run("runs", options.Seeds.ToString(CultureInfo.InvariantCulture), options.Trials.ToString(CultureInfo.InvariantCulture),
            string.Join(",", options.Problems), string.Join(",", optunaSamplers)).Select(l => l.GetRawText()).ToList();
        if (options.OptunaFile is { } save) File.WriteAllLines(save, optunaLines);
    }
    runs.AddRange(optunaLines.Select(l => MoRun.FromLine(JsonDocument.Parse(l).RootElement))
        .Where(r => options.Problems.Contains(r.Problem) && r.Seed < options.Seeds));
    string[] optuna = runs.Select(r => r.Strategy).Where(s => s.StartsWith("optuna-", StringComparison.Ordinal)).Distinct().ToArray();

    int half = options.Trials / 2;
    Console.WriteLine($"\nHypervolume of the feasible trials (higher is better), median over {options.Seeds} seeds [min–max], after {half} and {options.Trials} trials.");
    Console.WriteLine("Both sides' trials are scored by the same code against the same reference point (printed). Caviar's default for several objectives is caviar-nsga2.");
    Console.WriteLine($"{"problem",-10} {"reference",-16} {"strategy",-13} {$"HV@{half}",-26} {$"HV@{options.Trials}",-26} {"s/run",7}");
    foreach (var problem in options.Problems)
    {
        string reference = "(" + string.Join(", ", MoProblems.Get(problem).Reference.Select(r => r.ToString(CultureInfo.InvariantCulture))) + ")";
        foreach (var strategy in caviar.Concat(optuna))
        {
            var mine = runs.Where(r => r.Problem == problem && r.Strategy == strategy).ToList();
            if (mine.Count == 0) continue;
            Console.WriteLine($"{problem,-10} {reference,-16} {strategy,-13} {Summary(mine, half),-26} {Summary(mine, options.Trials),-26} {mine.Average(r => r.Seconds),7:F2}");
        }
        foreach (int at in optuna.Length == 0 ? [] : new[] { half, options.Trials })
            foreach (var mine in caviar.Where(s => runs.Any(r => r.Problem == problem && r.Strategy == s)))
            {
                double ours = Median(runs.Where(r => r.Problem == problem && r.Strategy == mine).Select(r => r.Hypervolume(at)));
                var best = optuna.Where(s => runs.Any(r => r.Problem == problem && r.Strategy == s))
                    .Select(s => (s, hv: Median(runs.Where(r => r.Problem == problem && r.Strategy == s).Select(r => r.Hypervolume(at)))))
                    .MaxBy(x => x.hv);
                Console.WriteLine($"  {problem} @{at}: {mine} {ours:F4} vs best Optuna ({best.s}) {best.hv:F4}: {(ours > best.hv ? "ahead" : "BEHIND")}");
            }
    }
}

if (!options.SkipTiming)
{
    if (options.TimingProblem != "zdt1" && !options.TimingCaviarOnly)
        throw new ArgumentException("--timing-problem other than zdt1 needs --timing-caviar-only (the peer times ZDT1)");
    Console.WriteLine($"\nTime of one suggestion (ask + 6 values, {options.TimingProblem}, {options.TimingSize} completed trials, in-memory storage), median of {options.Repeats}:");
    Console.WriteLine($"{"strategy",-8} {"Caviar ms",10} {"Optuna ms",10} {"speed-up",9}");
    // Caviar alone times each of --strategies (so settings can be compared in one run); against the peer, the defaults.
    var timed = options.TimingCaviarOnly ? options.Strategies.Select(s => s["caviar-".Length..]) : options.Timed;
    foreach (var name in timed)
    {
        var timing = MoSuggestionTiming.Measure("caviar-" + name, options.TimingSize, options.Repeats, options.TimingProblem);
        double ours = timing.MedianSeconds;
        if (options.TimingCaviarOnly)
        {
            Console.WriteLine($"{name,-8} {ours * 1000,10:F3}   (mean {timing.MeanSeconds * 1000:F4} ms, thread CPU {timing.CpuSecondsPerAsk * 1000:F4} ms, {timing.BytesPerAsk:F0} bytes allocated per ask)");
            continue;
        }
        double theirs = peer.Run("timing", options.TimingSize.ToString(CultureInfo.InvariantCulture),
            options.Repeats.ToString(CultureInfo.InvariantCulture), name)[0].GetProperty("median_seconds").GetDouble();
        Console.WriteLine($"{name,-8} {ours * 1000,10:F3} {theirs * 1000,10:F3} {theirs / ours,8:F1}x   (Caviar: mean {timing.MeanSeconds * 1000:F4} ms, thread CPU {timing.CpuSecondsPerAsk * 1000:F4} ms, {timing.BytesPerAsk:F0} bytes allocated per ask)");
    }
    Console.WriteLine("Goal: at least 50x faster.");
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Summary(List<MoRun> runs, int at)
{
    var values = runs.Select(r => r.Hypervolume(at)).ToList();
    return string.Create(CultureInfo.InvariantCulture, $"{Median(values):F4} [{values.Min():F3}–{values.Max():F3}]");
}

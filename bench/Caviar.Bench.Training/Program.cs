using Caviar.Bench.Training;

// Built-in trainers side by side with their Python peers. See bench/README.md.
// Arguments: threads per side (default: the core count), parts to run (default "gbt,gbt-fmnist,mlp"), gbt runs per side
// (default 5; with 1 there is no untimed warm-up run, for a quick look on a busy machine).
int threads = args.Length > 0 ? int.Parse(args[0]) : Environment.ProcessorCount;
string[] parts = args.Length > 1 ? args[1].Split(',') : ["gbt", "gbt-fmnist", "mlp"];
double Median(double[] v) => v.Order().ElementAt(v.Length / 2);
const int epochs = 3;
Console.WriteLine($"Built-in trainers vs Debian's PyTorch 1.13 and XGBoost 1.7 — {Environment.ProcessorCount} cores, {threads} threads each, {DateTime.UtcNow:yyyy-MM-dd}");

// Trees first: libtorch's thread pool, once started, stays in the process and slowed LightGBM ~1.7x when it ran second.
// Each side's runs alternate with the other's, so load from other work on the machine falls on both alike.
int gbtRuns = args.Length > 2 ? int.Parse(args[2]) : 5;
// WORK "job": what a gbt training job does (per-round validation metric, model files) on both sides; "fit": training alone.
void CompareGbt(string title, string work, Func<GbtRun> ours, Func<System.Text.Json.JsonElement> peer)
{
    var caviar = new List<GbtRun>();
    var xgboost = new List<GbtRun>();
    for (int run = 0; run < gbtRuns; run++)
    {
        caviar.Add(ours());
        var r = peer();
        double? Optional(string name) => r.TryGetProperty(name, out var value) ? value.GetDouble() : null;
        xgboost.Add(new GbtRun(r.GetProperty("seconds").GetDouble(), r.GetProperty("cpu_seconds").GetDouble(), r.GetProperty("accuracy").GetDouble(), r.GetProperty("logloss").GetDouble(),
            Optional("dataset_seconds"), Optional("dataset_cpu_seconds")));
        Console.Error.WriteLine($"  {work} run {run + 1}: Caviar {caviar[^1]}, XGBoost {xgboost[^1]}   ({DateTime.UtcNow:HH:mm:ss}, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }
    double ourSeconds = Median([.. caviar.Select(r => r.Seconds)]), theirSeconds = Median([.. xgboost.Select(r => r.Seconds)]);
    double ourCpu = Median([.. caviar.Select(r => r.CpuSeconds)]), theirCpu = Median([.. xgboost.Select(r => r.CpuSeconds)]);
    string Runs(List<GbtRun> runs) => string.Join(", ", runs.Select(r => r.Seconds.ToString("F2")));
    var (a, b) = (caviar[^1], xgboost[^1]);
    string what = work == "job"
        ? "timed: the work of a training job — datasets, per-round validation logloss + error, model file(s)"
        : "timed: training alone — training dataset and 100 rounds, no per-round validation metric, no model file";
    Console.WriteLine($"\nGradient-boosted trees, {title}, 100 rounds, lr 0.1, {threads} threads each, median of {gbtRuns} trainings (alternating)\n  {what}");
    Console.WriteLine($"  Caviar gbt (LightGBM 4.7 C API, 31 leaves): {ourSeconds,6:F2} s  CPU {ourCpu,6:F2} s  accuracy {a.Accuracy:F4}  logloss {a.LogLoss:F4}   runs: {Runs(caviar)}");
    Console.WriteLine($"  XGBoost 1.7 (hist, depth 6):                {theirSeconds,6:F2} s  CPU {theirCpu,6:F2} s  accuracy {b.Accuracy:F4}  logloss {b.LogLoss:F4}   runs: {Runs(xgboost)}");
    double ratio = ourSeconds / theirSeconds;
    bool met = ratio <= 0.8 && a.Accuracy >= b.Accuracy;
    Console.WriteLine($"  time ratio Caviar/XGBoost: {ratio:F2} (CPU {ourCpu / theirCpu:F2}); accuracy difference {a.Accuracy - b.Accuracy:+0.0000;-0.0000}; logloss ratio {a.LogLoss / b.LogLoss:F2}" +
                      $"  (goal: time <= 0.80x at equal or better accuracy: {(met ? "met" : "missed")})");
    if (caviar.All(r => r.DatasetSeconds is not null) && xgboost.All(r => r.DatasetSeconds is not null))
    {
        // The fit's two steps: binning the rows into a training dataset, then boosting (the rest of the fit).
        double Part(List<GbtRun> runs, Func<GbtRun, double> part) => Median([.. runs.Select(part)]);
        double ourSet = Part(caviar, r => r.DatasetSeconds!.Value), theirSet = Part(xgboost, r => r.DatasetSeconds!.Value);
        double ourSetCpu = Part(caviar, r => r.DatasetCpuSeconds!.Value), theirSetCpu = Part(xgboost, r => r.DatasetCpuSeconds!.Value);
        double ourBoost = Part(caviar, r => r.Seconds - r.DatasetSeconds!.Value), theirBoost = Part(xgboost, r => r.Seconds - r.DatasetSeconds!.Value);
        double ourBoostCpu = Part(caviar, r => r.CpuSeconds - r.DatasetCpuSeconds!.Value), theirBoostCpu = Part(xgboost, r => r.CpuSeconds - r.DatasetCpuSeconds!.Value);
        Console.WriteLine($"  training dataset (Caviar: LightGBM's, inside the fit; XGBoost: its QuantileDMatrix built again alone): {ourSet:F3} / {theirSet:F3} s, ratio {ourSet / theirSet:F2}; CPU {ourSetCpu:F3} / {theirSetCpu:F3} s, ratio {ourSetCpu / theirSetCpu:F2}");
        Console.WriteLine($"  boosting (the fit less its dataset):                                                       {ourBoost:F3} / {theirBoost:F3} s, ratio {ourBoost / theirBoost:F2}; CPU {ourBoostCpu:F3} / {theirBoostCpu:F3} s, ratio {ourBoostCpu / theirBoostCpu:F2}");
    }
}

// gbt, gbt-fit: the binary table, as a job trains / training alone (both by default with "gbt"); gbt-fmnist,
// gbt-fmnist-fit: the same on Fashion-MNIST.
if (parts.Contains("gbt") || parts.Contains("gbt-fit"))
{
    string table = Directory.CreateTempSubdirectory("caviar-gbt-bench-").FullName;
    PythonPeer.Run("xgboost_peer.py", "make", table);
    var ours = new GbtBenchmark(Caviar.Algorithms.Tabular.TabularData.Load(Path.Combine(table, "train.csv"), "label"),
        Caviar.Algorithms.Tabular.TabularData.Load(Path.Combine(table, "validation.csv"), "label"), Caviar.Algorithms.Tabular.TabularTask.Binary, threads, warmUp: gbtRuns > 1);
    const string binary = "make_classification 40,000 train / 10,000 validation rows, 20 features, binary";
    if (parts.Contains("gbt"))
        CompareGbt(binary, "job", ours.Run, () => PythonPeer.Run("xgboost_peer.py", "train", table, threads.ToString(), "job").Single());
    CompareGbt(binary, "fit", ours.RunTrainingOnly, () => PythonPeer.Run("xgboost_peer.py", "train", table, threads.ToString(), "fit").Single());
}

if (parts.Any(p => p.StartsWith("gbt-phases")))
{
    // Where gbt's time goes on the make_classification table (gbt-phases,gbt-phases:KEY=VALUE:KEY=VALUE for extra LightGBM keys).
    string table = Directory.CreateTempSubdirectory("caviar-gbt-bench-").FullName;
    PythonPeer.Run("xgboost_peer.py", "make", table);
    var train = Caviar.Algorithms.Tabular.TabularData.Load(Path.Combine(table, "train.csv"), "label");
    var validation = Caviar.Algorithms.Tabular.TabularData.Load(Path.Combine(table, "validation.csv"), "label");
    foreach (var part in parts.Where(p => p.StartsWith("gbt-phases:") || p == "gbt-phases"))
        GbtPhases.Print(train, validation, Caviar.Algorithms.Tabular.TabularTask.Binary, threads, gbtRuns,
            int.TryParse(Environment.GetEnvironmentVariable("GBT_PHASES_ITERATIONS"), out int n) ? n : 100, part.Split(':').Skip(1).ToArray());
}

if (parts.Any(p => p.StartsWith("gbt-fmnist-phases")))
{
    // The same on the first ROWS Fashion-MNIST training images for ITERATIONS (gbt-fmnist-phases-ROWS-ITERATIONS[:KEY=VALUE...]),
    // a short look at the wide multiclass table.
    foreach (var part in parts.Where(p => p.StartsWith("gbt-fmnist-phases")))
    {
        var size = part.Split(':')[0].Split('-');
        var train = FashionMnistTable.Load("train").Take([.. Enumerable.Range(0, int.Parse(size[3]))]);
        var validation = FashionMnistTable.Load("t10k").Take([.. Enumerable.Range(0, 2000)]);
        GbtPhases.Print(train, validation, Caviar.Algorithms.Tabular.TabularTask.Multiclass, threads, gbtRuns, int.Parse(size[4]), part.Split(':').Skip(1).ToArray());
    }
}

if (parts.Contains("gbt-fmnist") || parts.Contains("gbt-fmnist-fit"))
{
    var ours = new GbtBenchmark(FashionMnistTable.Load("train"), FashionMnistTable.Load("t10k"), Caviar.Algorithms.Tabular.TabularTask.Multiclass, threads, warmUp: gbtRuns > 1);
    const string fmnist = "Fashion-MNIST 60,000 train / 10,000 test images, 784 pixels, 10 classes";
    foreach (var (part, work) in new[] { ("gbt-fmnist", "job"), ("gbt-fmnist-fit", "fit") }.Where(p => parts.Contains(p.Item1)))
        CompareGbt(fmnist, work, work == "job" ? ours.Run : ours.RunTrainingOnly,
            () => PythonPeer.Run("xgboost_peer.py", "fmnist", Caviar.Algorithms.Data.ImageDataSets.FashionMnistDirectory, threads.ToString(), work).Single());
}

if (parts.Contains("mlp"))
{
    var ours = MlpEpochBenchmark.EpochSeconds(epochs, threads);
    var theirs = PythonPeer.Run("torch_mlp_peer.py", epochs.ToString(), threads.ToString()).Select(l => l.GetProperty("seconds").GetDouble()).ToArray();
    Console.WriteLine($"\nMLP 784-256-128-10, Adam, batch 128, Fashion-MNIST 60,000 images: seconds per epoch (median of {epochs})");
    Console.WriteLine($"  Caviar (TorchSharp 0.107 / libtorch 2.10): {Median(ours):F2}   epochs: {string.Join(", ", ours.Select(s => s.ToString("F2")))}");
    Console.WriteLine($"  PyTorch 1.13:                              {Median(theirs):F2}   epochs: {string.Join(", ", theirs.Select(s => s.ToString("F2")))}");
    Console.WriteLine($"  ratio Caviar/PyTorch: {Median(ours) / Median(theirs):F2} (below 1 means Caviar is faster)");
}

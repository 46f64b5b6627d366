using Caviar.Bench.Training;

// Built-in trainers side by side with their Python peers. See bench/README.md.
// Arguments: threads per side (default: the core count), parts to run (default "gbt,mlp").
int threads = args.Length > 0 ? int.Parse(args[0]) : Environment.ProcessorCount;
string[] parts = args.Length > 1 ? args[1].Split(',') : ["gbt", "mlp"];
double Median(double[] v) => v.Order().ElementAt(v.Length / 2);
const int epochs = 3;
Console.WriteLine($"Built-in trainers vs Debian's PyTorch 1.13 and XGBoost 1.7 — {Environment.ProcessorCount} cores, {threads} threads each, {DateTime.UtcNow:yyyy-MM-dd}");

// Trees first: libtorch's thread pool, once started, stays in the process and slowed LightGBM ~1.7x when it ran second.
if (parts.Contains("gbt"))
{
    string table = Directory.CreateTempSubdirectory("caviar-gbt-bench-").FullName;
    PythonPeer.Run("xgboost_peer.py", "make", table);
    const int gbtRuns = 5;
    var (gbtTimes, gbtAccuracy) = GbtBenchmark.Run(table, threads, gbtRuns);
    double gbtSeconds = Median(gbtTimes);
    var xgbRuns = Enumerable.Range(0, gbtRuns).Select(_ => PythonPeer.Run("xgboost_peer.py", "train", table, threads.ToString()).Single()).ToList();
    double[] xgbTimes = [.. xgbRuns.Select(r => r.GetProperty("seconds").GetDouble())];
    double xgbSeconds = Median(xgbTimes);
    double xgbAccuracy = xgbRuns[0].GetProperty("accuracy").GetDouble();
    Console.WriteLine($"\nGradient-boosted trees, make_classification 40,000 train / 10,000 validation rows, 20 features, 100 rounds, lr 0.1, median of {gbtRuns} trainings");
    Console.WriteLine($"  Caviar gbt (LightGBM, 31 leaves): {gbtSeconds:F2} s, validation accuracy {gbtAccuracy:F4}   runs: {string.Join(", ", gbtTimes.Select(t => t.ToString("F2")))}");
    Console.WriteLine($"  XGBoost 1.7 (hist, depth 6):      {xgbSeconds:F2} s, validation accuracy {xgbAccuracy:F4}   runs: {string.Join(", ", xgbTimes.Select(t => t.ToString("F2")))}");
    Console.WriteLine($"  time ratio Caviar/XGBoost: {gbtSeconds / xgbSeconds:F2}; accuracy difference: {gbtAccuracy - xgbAccuracy:+0.0000;-0.0000}");
    Console.WriteLine("  (Caviar's time includes walking the trees for its per-iteration validation metric.)");
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

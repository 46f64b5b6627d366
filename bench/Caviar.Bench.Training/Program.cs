using Caviar.Bench.Training;

// Built-in trainers side by side with their Python peers. See bench/README.md.
int threads = args.Length > 0 ? int.Parse(args[0]) : Environment.ProcessorCount;
const int epochs = 3;
Console.WriteLine($"Built-in trainers vs Debian's PyTorch 1.13 and XGBoost 1.7 — {Environment.ProcessorCount} cores, {threads} threads each, {DateTime.UtcNow:yyyy-MM-dd}");

var ours = MlpEpochBenchmark.EpochSeconds(epochs, threads);
var theirs = PythonPeer.Run("torch_mlp_peer.py", epochs.ToString(), threads.ToString()).Select(l => l.GetProperty("seconds").GetDouble()).ToArray();
double Median(double[] v) => v.Order().ElementAt(v.Length / 2);
Console.WriteLine($"\nMLP 784-256-128-10, Adam, batch 128, Fashion-MNIST 60,000 images: seconds per epoch (median of {epochs})");
Console.WriteLine($"  Caviar (TorchSharp 0.107 / libtorch 2.10): {Median(ours):F2}   epochs: {string.Join(", ", ours.Select(s => s.ToString("F2")))}");
Console.WriteLine($"  PyTorch 1.13:                              {Median(theirs):F2}   epochs: {string.Join(", ", theirs.Select(s => s.ToString("F2")))}");
Console.WriteLine($"  ratio Caviar/PyTorch: {Median(ours) / Median(theirs):F2} (below 1 means Caviar is faster)");

string table = Directory.CreateTempSubdirectory("caviar-gbt-bench-").FullName;
PythonPeer.Run("xgboost_peer.py", "make", table);
var (gbtSeconds, gbtAccuracy) = GbtBenchmark.Run(table, threads);
var xgb = PythonPeer.Run("xgboost_peer.py", "train", table, threads.ToString()).Single();
double xgbSeconds = xgb.GetProperty("seconds").GetDouble(), xgbAccuracy = xgb.GetProperty("accuracy").GetDouble();
Console.WriteLine("\nGradient-boosted trees, make_classification 40,000 train / 10,000 validation rows, 20 features, 100 rounds, lr 0.1");
Console.WriteLine($"  Caviar gbt (LightGBM, 31 leaves): {gbtSeconds:F2} s, validation accuracy {gbtAccuracy:F4}");
Console.WriteLine($"  XGBoost 1.7 (hist, depth 6):      {xgbSeconds:F2} s, validation accuracy {xgbAccuracy:F4}");
Console.WriteLine($"  time ratio Caviar/XGBoost: {gbtSeconds / xgbSeconds:F2}; accuracy difference: {gbtAccuracy - xgbAccuracy:+0.0000;-0.0000}");
Console.WriteLine("  (Caviar's time includes walking the trees for its per-iteration validation metric.)");

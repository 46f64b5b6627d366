using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Caviar.Bench.Serving;

/// <summary>
/// Where a model's time goes on ONNX Runtime (1 thread): its profiler's per-kernel durations summed by operator, at
/// batch 1 and at batch 64, and the wall time of a Run beside them (the rest is the API's own per-call cost).
/// </summary>
internal static class OperatorProfile
{
    public static void Print(string name, byte[] model, float[] examples, int[] inputShape, string directory)
    {
        foreach (int batch in new[] { 1, 64 })
        {
            int runs = batch == 1 ? 500 : 50;
            using var options = new SessionOptions
            {
                IntraOpNumThreads = 1, InterOpNumThreads = 1, EnableProfiling = true,
                ProfileOutputPathPrefix = Path.Combine(directory, $"{name}-{batch}"),
                OptimizedModelFilePath = Path.Combine(directory, $"{name}-optimized.onnx"),
            };
            using var session = new InferenceSession(model, options);
            int features = inputShape.Aggregate(1, (a, b) => a * b);
            var tensor = new DenseTensor<float>(examples.AsMemory(0, batch * features), [batch, .. inputShape]);
            var inputs = new[] { NamedOnnxValue.CreateFromTensor("input", tensor) };
            for (int w = 0; w < 20; w++) session.Run(inputs).Dispose();
            var watch = Stopwatch.StartNew();
            for (int r = 0; r < runs; r++) session.Run(inputs).Dispose();
            double wallUs = watch.Elapsed.TotalMicroseconds / runs;
            string file = session.EndProfiling();
            using var profile = JsonDocument.Parse(File.ReadAllText(file));
            var byOp = new Dictionary<string, double>();
            foreach (var e in profile.RootElement.EnumerateArray())
                if (e.GetProperty("cat").GetString() == "Node" && e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal))
                {
                    string op = e.GetProperty("args").GetProperty("op_name").GetString()!;
                    if (Environment.GetEnvironmentVariable("CAVIAR_PROFILE_NODES") == "1") op += ":" + e.GetProperty("name").GetString()![..^"_kernel_time".Length];
                    byOp[op] = byOp.GetValueOrDefault(op) + e.GetProperty("dur").GetDouble();
                }
            int profiled = runs + 20;
            string kernels = string.Join(", ", byOp.OrderByDescending(kv => kv.Value)
                .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value / profiled:F1}")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name} ({directory}) batch {batch}: {wallUs:F1} µs per Run; kernels (µs): {kernels}"));
        }
    }
}

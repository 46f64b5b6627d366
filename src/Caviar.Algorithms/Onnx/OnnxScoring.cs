using System.Diagnostics;
using Caviar.Algorithms.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Caviar.Algorithms.Onnx;

/// <summary>How an exported model did on ONNX Runtime.</summary>
public sealed record OnnxMeasurement(double Accuracy, double LatencyP50Ms, double LatencyP99Ms, double ThroughputPerSecond);

/// <summary>Runs an ONNX model on ONNX Runtime: accuracy on labeled examples, latency at batch 1, throughput at batch 64.</summary>
public static class OnnxScoring
{
    public const int LatencyRuns = 300;
    public const int ThroughputBatch = 64;
    public const int ThroughputRuns = 40;

    public static OnnxMeasurement Measure(byte[] model, LabeledExamples test, int[] inputShape, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        string input = session.InputMetadata.Keys.Single();

        float[] Batch(int start, int count) => test.Values.AsSpan(start * test.Features, count * test.Features).ToArray();
        float[] Run(float[] values, int count)
        {
            var tensor = new DenseTensor<float>(values, [count, .. inputShape]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, tensor)]);
            return results.First().AsEnumerable<float>().ToArray();
        }

        int correct = 0, classes = -1;
        for (int start = 0; start < test.Count; start += 256)
        {
            int count = Math.Min(256, test.Count - start);
            var logits = Run(Batch(start, count), count);
            classes = logits.Length / count;
            for (int i = 0; i < count; i++)
            {
                int best = 0;
                for (int c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + best]) best = c;
                if (best == test.Labels[start + i]) correct++;
            }
        }

        var single = Batch(0, 1);
        for (int w = 0; w < 30; w++) Run(single, 1);
        var latencies = new double[LatencyRuns];
        for (int r = 0; r < LatencyRuns; r++)
        {
            var watch = Stopwatch.StartNew();
            Run(Batch(r % test.Count, 1), 1);
            latencies[r] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(latencies);
        var batch = Batch(0, Math.Min(ThroughputBatch, test.Count));
        int batchSize = batch.Length / test.Features;
        Run(batch, batchSize);
        var total = Stopwatch.StartNew();
        for (int r = 0; r < ThroughputRuns; r++) Run(batch, batchSize);
        return new OnnxMeasurement((double)correct / test.Count, latencies[LatencyRuns / 2], latencies[(int)(LatencyRuns * 0.99)],
            ThroughputRuns * batchSize / total.Elapsed.TotalSeconds);
    }
}

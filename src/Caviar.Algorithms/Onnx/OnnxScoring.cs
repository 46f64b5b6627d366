using System.Diagnostics;
using Caviar.Algorithms.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Caviar.Algorithms.Onnx;

/// <summary>How an exported model did on ONNX Runtime.</summary>
public sealed record OnnxMeasurement(double Accuracy, double LatencyP50Ms, double LatencyP99Ms, double ThroughputPerSecond);

/// <summary>Runs an ONNX model on ONNX Runtime: accuracy on labeled examples, latency at batch 1 (median and 99th
/// percentile of <see cref="LatencyRuns"/>), throughput at batch 64 (from the median time of
/// <see cref="ThroughputRuns"/> batches).</summary>
public static class OnnxScoring
{
    public const int LatencyRuns = 300;
    public const int ThroughputBatch = 64;
    public const int ThroughputRuns = 100;

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

        // Timed runs go through OrtValues over buffers made once (input and output), so they time the model and not
        // the managed API's per-call allocations (NamedOnnxValue, result copies): about 3 µs a call here, a fifth of the
        // mlp's latency at batch 1.
        using var runOptions = new RunOptions();
        string[] inputNames = [input], outputNames = [session.OutputMetadata.Keys.First()];
        var singleInput = new float[test.Features];
        var singleOutput = new float[classes];
        using var singleInputValue = OrtValue.CreateTensorValueFromMemory(singleInput, [1, .. inputShape.Select(d => (long)d)]);
        using var singleOutputValue = OrtValue.CreateTensorValueFromMemory(singleOutput, [1, classes]);
        void RunSingle(int example)
        {
            Array.Copy(test.Values, (long)example * test.Features, singleInput, 0, test.Features);
            session.Run(runOptions, inputNames, [singleInputValue], outputNames, [singleOutputValue]);
        }
        for (int w = 0; w < 30; w++) RunSingle(0);
        var latencies = new double[LatencyRuns];
        for (int r = 0; r < LatencyRuns; r++)
        {
            var watch = Stopwatch.StartNew();
            RunSingle(r % test.Count);
            latencies[r] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(latencies);
        var batch = Batch(0, Math.Min(ThroughputBatch, test.Count));
        int batchSize = batch.Length / test.Features;
        var batchOutput = new float[batchSize * classes];
        using var batchInputValue = OrtValue.CreateTensorValueFromMemory(batch, [batchSize, .. inputShape.Select(d => (long)d)]);
        using var batchOutputValue = OrtValue.CreateTensorValueFromMemory(batchOutput, [batchSize, classes]);
        void RunBatch() => session.Run(runOptions, inputNames, [batchInputValue], outputNames, [batchOutputValue]);
        RunBatch();
        // Each batch is timed and the median taken, so a moment of load on a shared machine does not set the figure.
        var batchSeconds = new double[ThroughputRuns];
        for (int r = 0; r < ThroughputRuns; r++)
        {
            var watch = Stopwatch.StartNew();
            RunBatch();
            batchSeconds[r] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(batchSeconds);
        return new OnnxMeasurement((double)correct / test.Count, latencies[LatencyRuns / 2], latencies[(int)(LatencyRuns * 0.99)],
            batchSize / batchSeconds[ThroughputRuns / 2]);
    }
}

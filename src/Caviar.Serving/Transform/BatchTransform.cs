using System.Text;
using Caviar.Serving.Models;
using Caviar.Serving.Protocols;
using Caviar.Validation;
using Microsoft.ML.OnnxRuntime;

namespace Caviar.Serving.Transform;

/// <summary>
/// Scores whole files offline: one output per input (NAME.out, one CSV line per row in the input's order, the
/// lines an endpoint answers for <c>text/csv</c>), each written to NAME.out.partial and renamed when complete, so an
/// interrupted run resumed with <see cref="TransformOptions.Resume"/> skips exactly the finished files. As in
/// SageMaker's Batch Transform, a file with a bad record gets no output (a partial one would not keep the input's
/// order) and the other files are still scored: its <see cref="FileResult.Error"/> says which line and why.
/// </summary>
public static class BatchTransform
{
    public const string OutputSuffix = ".out";
    public const string PartialSuffix = ".partial";

    /// <summary>What became of one input: <paramref name="Error"/> is null when it was scored (or skipped), else why it has no output.</summary>
    public sealed record FileResult(string Input, string Output, int Rows, bool Skipped, string? Error = null);

    public static IReadOnlyList<string> Inputs(string input)
    {
        if (File.Exists(input)) return [Path.GetFullPath(input)];
        if (!Directory.Exists(input)) throw new CaviarValidationException("--input", $"no file or folder at {input}");
        var files = Directory.GetFiles(input).Where(InputRows.IsInput).Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : throw new CaviarValidationException("--input", $"{input} holds no .csv, .jsonl or .parquet file");
    }

    public static async Task<IReadOnlyList<FileResult>> RunAsync(TransformOptions options, Action<FileResult> onFile, CancellationToken cancellation)
    {
        if (options.Batch < 1) throw new CaviarValidationException("--batch", "must be at least 1");
        if (options.Parallel < 1) throw new CaviarValidationException("--parallel", "must be at least 1");
        var inputs = Inputs(options.Input);
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = options.IntraOpThreads, InterOpNumThreads = 1 };
        using var model = OnnxModel.Load(options.ModelPath, sessionOptions);
        Directory.CreateDirectory(options.Output);
        var results = new FileResult[inputs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, inputs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellation }, (i, token) =>
            {
                results[i] = Score(model, inputs[i], options, token);
                onFile(results[i]);
                return ValueTask.CompletedTask;
            });
        return results;
    }

    private static FileResult Score(OnnxModel model, string input, TransformOptions options, CancellationToken cancellation)
    {
        string output = Path.Combine(options.Output, Path.GetFileName(input) + OutputSuffix);
        if (options.Resume && File.Exists(output)) return new FileResult(input, output, 0, Skipped: true);
        try
        {
            return new FileResult(input, output, Write(model, input, output, options, cancellation), Skipped: false);
        }
        catch (Exception error) when (error is CaviarValidationException or OnnxRuntimeException)
        {
            File.Delete(output);   // an earlier run's output of this file would no longer be its answers
            return new FileResult(input, output, 0, Skipped: false, Error: error is CaviarValidationException refused ? refused.Reason : error.Message);
        }
    }

    /// <summary>Scores <paramref name="input"/> into <paramref name="output"/> (through its .partial file); returns the rows.</summary>
    private static int Write(OnnxModel model, string input, string output, TransformOptions options, CancellationToken cancellation)
    {
        string partial = output + PartialSuffix;
        int rows = 0;
        try
        {
            using (var writer = new StreamWriter(partial, append: false, new UTF8Encoding(false)))
            {
                var batch = new List<float[]>(options.Batch);
                var text = new StringBuilder();
                void Flush()
                {
                    if (batch.Count == 0) return;
                    var outputs = model.Run(batch.SelectMany(r => r).ToArray(), batch.Count);
                    text.Clear();
                    for (int r = 0; r < batch.Count; r++) PredictionWriter.AppendCsvLine(text, outputs, r);
                    writer.Write(text);
                    rows += batch.Count;
                    batch.Clear();
                }
                foreach (var row in InputRows.Read(input, model.FeatureCount))
                {
                    cancellation.ThrowIfCancellationRequested();
                    batch.Add(row);
                    if (batch.Count == options.Batch) Flush();
                }
                Flush();
            }
            File.Move(partial, output, overwrite: true);
            return rows;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}

using System.Diagnostics;
using System.Threading.Channels;
using Caviar.Serving.Models;

namespace Caviar.Serving.Batching;

/// <summary>
/// Gathers requests that arrive together into one run of <see cref="Model"/> on a thread of its own: it takes every
/// queued request (up to <see cref="BatchingOptions.MaxBatch"/> rows), and while requests are on their way
/// (<see cref="Arrivals"/>) waits for them, until <see cref="BatchingOptions.MaxDelayMicroseconds"/> after the first
/// was queued — blocked, not spinning, so the threads reading those requests get the CPU. With none on its way the batch
/// runs at once. <see cref="Retire"/> takes no more requests, finishes the queued ones, then frees the model — how a
/// model is swapped with no request lost.
/// </summary>
internal sealed class DynamicBatcher
{
    private sealed record Request(float[] Features, int Rows, TaskCompletionSource<IReadOnlyList<OutputTensor>> Done, long QueuedAt);

    private readonly Channel<Request> queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BatchingOptions options;
    private readonly Action<int> onBatch;
    private readonly Arrivals arrivals;
    private readonly Thread worker;

    public OnnxModel Model { get; }

    /// <summary>Completes once the batcher has been retired, its queue drained and its model freed.</summary>
    public Task Finished => finished.Task;
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DynamicBatcher(OnnxModel model, BatchingOptions options, Action<int> onBatch, Arrivals? arrivals = null)
    {
        Model = model;
        this.options = options;
        this.onBatch = onBatch;
        this.arrivals = arrivals ?? new Arrivals();
        worker = new Thread(Loop) { IsBackground = true, Name = $"batcher {Path.GetFileName(model.Path)}" };
        worker.Start();
    }

    /// <summary>Queues rows; null when this batcher is retired (the caller asks the variant's current one).</summary>
    public Task<IReadOnlyList<OutputTensor>>? TrySubmit(float[] features, int rows)
    {
        var request = new Request(features, rows, new TaskCompletionSource<IReadOnlyList<OutputTensor>>(TaskCreationOptions.RunContinuationsAsynchronously),
            Stopwatch.GetTimestamp());
        if (!queue.Writer.TryWrite(request)) return null;
        arrivals.Changed.Set();
        return request.Done.Task;
    }

    public void Retire() => queue.Writer.TryComplete();

    private void Loop()
    {
        var reader = queue.Reader;
        var batch = new List<Request>();
        long delayTicks = options.MaxDelayMicroseconds * Stopwatch.Frequency / 1_000_000;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                if (!reader.TryRead(out var first)) continue;
                batch.Add(first);
                int rows = first.Rows;
                // The delay counts from the first request's arrival: one that queued while the model ran has waited already.
                long deadline = first.QueuedAt + delayTicks;
                while (rows < options.MaxBatch)
                {
                    arrivals.Changed.Reset();
                    if (reader.TryPeek(out var next))
                    {
                        if (rows + next.Rows > options.MaxBatch) break;
                        reader.TryRead(out next);
                        batch.Add(next!);
                        rows += next!.Rows;
                        continue;
                    }
                    long left = deadline - Stopwatch.GetTimestamp();
                    if (left <= 0 || arrivals.OnTheWay == 0 || reader.Completion.IsCompleted) break;
                    // Wakes on an arrival; the wait is in whole milliseconds, so a slow body may hold a batch up to 1 ms.
                    arrivals.Changed.Wait((int)Math.Ceiling(left * 1000.0 / Stopwatch.Frequency));
                }
                Execute(batch, rows);
            }
        }
        finally
        {
            Model.Dispose();
            finished.TrySetResult();
        }
    }

    /// <summary>Where the rows of several requests are put together; reused from batch to batch (it can exceed 85 KB,
    /// and a new one per batch would be a large-object allocation each time).</summary>
    private float[] gathered = [];

    private void Execute(List<Request> batch, int rows)
    {
        try
        {
            Memory<float> features;
            if (batch.Count == 1) features = batch[0].Features;
            else
            {
                int length = rows * Model.FeatureCount;
                if (gathered.Length < length) gathered = new float[length];
                int offset = 0;
                foreach (var request in batch)
                {
                    request.Features.CopyTo(gathered, offset);
                    offset += request.Features.Length;
                }
                features = gathered.AsMemory(0, length);
            }
            var outputs = Model.Run(features, rows);
            onBatch(rows);
            if (batch.Count == 1)
            {
                batch[0].Done.TrySetResult(outputs);
                return;
            }
            int start = 0;
            foreach (var request in batch)
            {
                int begin = start;
                request.Done.TrySetResult(outputs.Select(o => o.Slice(begin, request.Rows)).ToList());
                start += request.Rows;
            }
        }
        catch (Exception error)
        {
            foreach (var request in batch) request.Done.TrySetException(error);
        }
    }
}

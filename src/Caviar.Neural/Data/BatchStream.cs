using static TorchSharp.torch;

namespace Caviar.Algorithms.Data;

/// <summary>
/// Mini-batches of a data set as tensors: the whole set is cached once as two tensors, each epoch is shuffled by a
/// generator seeded from (seed, epoch) only (so a resumed run sees the same batches), and the next batch is
/// gathered on a background thread while the current one trains (prefetch). The caller disposes each batch.
/// </summary>
public sealed class BatchStream : IDisposable
{
    private readonly Tensor _inputs;
    private readonly Tensor _labels;
    private readonly int _batchSize;

    public BatchStream(LabeledExamples examples, int batchSize, int[]? inputShape)
    {
        long[] shape = inputShape is null ? [examples.Count, examples.Features] : [examples.Count, .. inputShape.Select(d => (long)d)];
        _inputs = tensor(examples.Values).reshape(shape);
        _labels = tensor(examples.Labels);
        _batchSize = batchSize;
        Count = examples.Count;
    }

    public int Count { get; }

    public IEnumerable<(Tensor Inputs, Tensor Labels)> Epoch(int seed, int epoch, bool shuffle = true)
    {
        var order = Enumerable.Range(0, Count).ToArray();
        if (shuffle) new Random(unchecked(seed * 1_000_003 + epoch)).Shuffle(order);
        int batches = (Count + _batchSize - 1) / _batchSize;
        var next = Task.Run(() => Gather(order, 0));
        for (int b = 0; b < batches; b++)
        {
            var current = next.GetAwaiter().GetResult();
            if (b + 1 < batches)
            {
                int start = (b + 1) * _batchSize;
                next = Task.Run(() => Gather(order, start));
            }
            yield return current;
        }
    }

    private (Tensor, Tensor) Gather(int[] order, int start)
    {
        using var indices = tensor(order[start..Math.Min(start + _batchSize, order.Length)].Select(i => (long)i).ToArray());
        return (_inputs.index_select(0, indices), _labels.index_select(0, indices));
    }

    public void Dispose()
    {
        _inputs.Dispose();
        _labels.Dispose();
    }
}

using Caviar.Serving.Batching;
using Caviar.Serving.Models;

namespace Caviar.Serving.Variants;

/// <summary>
/// A variant as it serves: its weight and the batcher of its current model. <see cref="Swap"/> puts a new model in
/// place; requests already queued on the old one finish there, then the old model is freed.
/// </summary>
internal sealed class ServedVariant(string name, double weight, DynamicBatcher batcher)
{
    private DynamicBatcher current = batcher;

    public string Name { get; } = name;
    public double Weight { get; set; } = weight;
    public DynamicBatcher Current => Volatile.Read(ref current);
    public OnnxModel Model => Current.Model;

    /// <summary>Runs rows on the current model; a request that meets a batcher being retired goes to its successor.</summary>
    public Task<IReadOnlyList<OutputTensor>> Predict(float[] features, int rows)
    {
        while (true)
        {
            if (Current.TrySubmit(features, rows) is { } answer) return answer;
            Thread.Yield();
        }
    }

    /// <summary>Serves <paramref name="next"/> from now on; returns when the old model's last request has finished.</summary>
    public Task Swap(DynamicBatcher next)
    {
        var old = Interlocked.Exchange(ref current, next);
        old.Retire();
        return old.Finished;
    }

    public Task Retire()
    {
        var last = Current;
        last.Retire();
        return last.Finished;
    }
}

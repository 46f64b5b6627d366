namespace Caviar.Serving.Models;

/// <summary>
/// One input or output of a model as the Open Inference Protocol describes it: a name, a datatype (FP32, INT64,
/// BOOL, ...) and a shape where -1 marks a dimension of any size (the batch, usually).
/// </summary>
internal sealed record TensorSpec(string Name, string Datatype, long[] Shape)
{
    /// <summary>Values per row: the product of every dimension after the first (the batch).</summary>
    public long ValuesPerRow => Shape.Skip(1).Aggregate(1L, (a, d) => a * Math.Max(d, 1));
}

using Microsoft.ML.OnnxRuntime.Tensors;

namespace Caviar.Serving.Models;

/// <summary>
/// One output of a model run, copied out of ONNX Runtime: <see cref="Data"/> is a float[], double[], long[], int[],
/// bool[] or string[] in row-major order; the first dimension of <see cref="Shape"/> is the batch.
/// </summary>
internal sealed record OutputTensor(string Name, TensorElementType Type, long[] Shape, Array Data)
{
    public int ValuesPerRow => Shape.Length <= 1 ? 1 : (int)Shape.Skip(1).Aggregate(1L, (a, d) => a * d);

    /// <summary>Rows <paramref name="start"/> .. start+count-1 of this output, as their own tensor.</summary>
    public OutputTensor Slice(int start, int count)
    {
        int width = ValuesPerRow;
        var data = Array.CreateInstance(Data.GetType().GetElementType()!, count * width);
        Array.Copy(Data, start * width, data, 0, count * width);
        long[] shape = Shape.Length == 0 ? [count] : [count, .. Shape.Skip(1)];
        return this with { Shape = shape, Data = data };
    }

    /// <summary>Row <paramref name="row"/>'s values as JSON-ready objects (numbers, booleans or strings).</summary>
    public IEnumerable<object> Row(int row)
    {
        int width = ValuesPerRow;
        for (int i = row * width; i < (row + 1) * width; i++) yield return Data.GetValue(i)!;
    }
}

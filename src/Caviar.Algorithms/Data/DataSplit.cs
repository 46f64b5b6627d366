namespace Caviar.Algorithms.Data;

/// <summary>A seeded train/validation split of example indices, made before any preprocessing.</summary>
public static class DataSplit
{
    public static (int[] Train, int[] Validation) Indices(int count, double validationFraction, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        int validation = (int)Math.Round(count * validationFraction);
        return (order[validation..], order[..validation]);
    }
}

namespace Caviar.Examples.LinearJob;

/// <summary>Feature scaling fitted on the training split only.</summary>
public sealed class Standardiser(IReadOnlyList<double[]> trainingRows)
{
    private readonly int _features = trainingRows[0].Length - 1;
    private readonly double[] _means = Enumerable.Range(0, trainingRows[0].Length - 1)
        .Select(j => trainingRows.Average(r => r[j])).ToArray();
    private readonly double[] _deviations = Enumerable.Range(0, trainingRows[0].Length - 1)
        .Select(j =>
        {
            double mean = trainingRows.Average(r => r[j]);
            double sd = Math.Sqrt(trainingRows.Average(r => (r[j] - mean) * (r[j] - mean)));
            return sd > 0 ? sd : 1;
        }).ToArray();

    public (double[] X, double Y) Apply(double[] row) =>
        (Enumerable.Range(0, _features).Select(j => (row[j] - _means[j]) / _deviations[j]).ToArray(), row[^1]);
}

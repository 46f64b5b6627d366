namespace Caviar.Algorithms.Tabular;

/// <summary>
/// The best iteration so far by a lower-is-better validation metric, and whether <c>rounds</c> iterations have
/// passed without a strictly better value (LightGBM's own rule, as in its Python package's early_stopping
/// callback; the C API leaves early stopping to the caller). With 0 rounds it only tracks the last iteration.
/// </summary>
public sealed class EarlyStopping(int rounds)
{
    public int BestIteration { get; private set; }
    public double BestValue { get; private set; } = double.PositiveInfinity;
    public IReadOnlyDictionary<string, double> BestMetrics { get; private set; } = new Dictionary<string, double>();

    public bool Enabled => rounds > 0;

    /// <summary>Records an iteration's metrics; true when training should stop after it.</summary>
    public bool Observe(int iteration, double value, IReadOnlyDictionary<string, double> metrics)
    {
        if (!Enabled || value < BestValue)
            (BestIteration, BestValue, BestMetrics) = (iteration, value, metrics);
        return Enabled && iteration - BestIteration >= rounds;
    }
}

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// LightGBM's validation metrics under gbt's names: val_logloss and val_accuracy (1 − error) for classification,
/// val_rmse for regression. The first is the one early stopping watches (lower is better for each).
/// </summary>
public static class GbtMetrics
{
    public static Dictionary<string, double> FromLightGbm(IReadOnlyList<string> names, IReadOnlyList<double> values)
    {
        var metrics = new Dictionary<string, double>();
        for (int i = 0; i < names.Count; i++)
        {
            switch (names[i])
            {
                case "binary_logloss" or "multi_logloss": metrics["val_logloss"] = values[i]; break;
                case "binary_error" or "multi_error": metrics["val_accuracy"] = 1 - values[i]; break;
                case "rmse": metrics["val_rmse"] = values[i]; break;
            }
        }
        return metrics.Count > 0 ? metrics : throw new InvalidOperationException($"LightGBM reported none of gbt's metrics ({string.Join(", ", names)})");
    }

    public static string Watched(Dictionary<string, double> metrics) => metrics.ContainsKey("val_rmse") ? "val_rmse" : "val_logloss";
}

using Caviar.Algorithms.LightGbm;

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// gbt's hyperparameters as LightGBM parameters (the same string goes to the datasets and the booster). The result
/// is an open <see cref="LightGbmParameters"/>, so a caller can add keys (e.g. distributed learning's machines)
/// before training.
/// </summary>
public static class GbtParameters
{
    public static LightGbmParameters For(TabularSettings settings, TabularTask task, int classes)
    {
        var parameters = new LightGbmParameters()
            .Set("boosting", "gbdt")
            .Set("num_iterations", settings.Iterations)
            .Set("learning_rate", settings.LearningRate)
            .Set("num_leaves", settings.Leaves)
            .Set("max_depth", settings.MaxDepth <= 0 ? -1 : settings.MaxDepth)
            .Set("min_data_in_leaf", settings.MinDataInLeaf)
            .Set("lambda_l1", settings.L1)
            .Set("lambda_l2", settings.L2)
            .Set("max_bin", settings.MaxBin)
            .Set("feature_fraction", settings.FeatureFraction)
            .Set("bagging_fraction", settings.BaggingFraction)
            .Set("bagging_freq", settings.BaggingFrequency)
            .Set("num_threads", settings.Threads)
            .Set("seed", settings.Seed)
            .Set("verbosity", -1);
        return task switch
        {
            TabularTask.Binary => parameters.Set("objective", "binary").Set("metric", "binary_logloss,binary_error"),
            TabularTask.Multiclass => parameters.Set("objective", "multiclass").Set("num_class", classes).Set("metric", "multi_logloss,multi_error"),
            _ => parameters.Set("objective", "regression").Set("metric", "rmse"),
        };
    }
}

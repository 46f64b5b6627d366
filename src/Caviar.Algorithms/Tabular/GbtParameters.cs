using Caviar.Algorithms.LightGbm;

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// gbt's hyperparameters as LightGBM parameters (the same string goes to the datasets and the booster). The result
/// is an open <see cref="LightGbmParameters"/>, so a caller can add keys (e.g. distributed learning's machines)
/// before training.
/// <para><c>force_col_wise=true</c>: without it LightGBM builds both its column-wise and row-wise histogram layouts
/// when the booster is created and keeps the faster of one timed pass (0.01–0.02 s on a 40,000 × 20 table, about
/// 1 s of CPU on 20,000 Fashion-MNIST images). Both layouts grow the same trees; column-wise is what that test picked
/// on both benchmark tables, so gbt skips the test (a caller can still set <c>force_row_wise</c> through
/// <see cref="GradientBoostedTrees.ExtraParameters"/>, which replaces this key's effect only if it also sets
/// <c>force_col_wise=false</c>).</para>
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
            .Set("force_col_wise", true)
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

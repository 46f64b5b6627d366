using Caviar.Algorithms.LightGbm;

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// gbt's hyperparameters as LightGBM parameters (the same string goes to the datasets and the booster). The result
/// is an open <see cref="LightGbmParameters"/>, so a caller can add keys (e.g. distributed learning's machines)
/// before training.
/// <para>Histogram layout: LightGBM builds a leaf's histograms column-wise (one pass over the leaf's rows per feature,
/// the threads sharing out the features) or row-wise (one pass over the rows, each row's gradients read once for all
/// its features, the threads sharing out the rows and merging their histograms). Left to itself it builds both layouts
/// when the booster is created and keeps the faster of one timed pass (about 1 s of CPU on 20,000 Fashion-MNIST
/// images, and a noisy choice on a busy machine). gbt chooses by the thread count instead, as LightGBM's parameter
/// documentation advises (<c>force_row_wise</c> for a small <c>num_threads</c>, "e.g. &lt;= 16";
/// <c>force_col_wise</c> for many): see <see cref="HistogramLayoutKey"/>. Both layouts grow the same trees. A caller
/// that wants the other layout through <see cref="GradientBoostedTrees.ExtraParameters"/> must also set the chosen
/// key to false (LightGBM refuses both set to true).</para>
/// </summary>
public static class GbtParameters
{
    /// <summary>
    /// The most threads for which gbt builds histograms row-wise: 16, LightGBM's documented example of a "relatively
    /// small" <c>num_threads</c> for <c>force_row_wise</c>. Measured with 1 and 2 threads (bench/README.md, "The fit
    /// row taken apart"): row-wise took 5–13% less CPU than column-wise on Fashion-MNIST (784 features) and the same
    /// on the 40,000 × 20 table.
    /// </summary>
    internal const int RowWiseMaxThreads = 16;

    /// <summary>The LightGBM key gbt sets to true for this thread count: <c>force_row_wise</c> up to
    /// <see cref="RowWiseMaxThreads"/> threads, <c>force_col_wise</c> beyond.</summary>
    internal static string HistogramLayoutKey(int threads) => threads <= RowWiseMaxThreads ? "force_row_wise" : "force_col_wise";

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
            .Set(HistogramLayoutKey(settings.Threads), true)
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

namespace Caviar.BuiltIns;

/// <summary>The hyperparameters of the built-in gbt algorithm (gradient-boosted trees). Add new ones here.</summary>
public static class GbtHyperParameters
{
    public static AlgorithmSpecification Gbt { get; } = new("gbt",
        "gradient-boosted trees (LightGBM) on CSV or Parquet: binary, multiclass, regression; one metric line per iteration",
        [
            new HyperParameterSpecification
            {
                Name = "num_iterations", Type = HyperParameterType.Integer, Default = 100L, MinValue = 1, MaxValue = 100_000,
                Description = "boosting rounds",
            },
            new HyperParameterSpecification
            {
                Name = "learning_rate", Type = HyperParameterType.Continuous, Default = 0.1, MinValue = 0, MinExclusive = true,
                MaxValue = 1, Description = "shrinkage of each tree",
            },
            new HyperParameterSpecification
            {
                Name = "num_leaves", Type = HyperParameterType.Integer, Default = 31L, MinValue = 2, MaxValue = 131_072,
                Description = "most leaves of a tree",
            },
            new HyperParameterSpecification
            {
                Name = "min_data_in_leaf", Type = HyperParameterType.Integer, Default = 20L, MinValue = 1, MaxValue = 10_000_000,
                Description = "fewest training rows in a leaf",
            },
            new HyperParameterSpecification
            {
                Name = "booster", Type = HyperParameterType.Categorical, Values = ["gbdt", "lightgbm"], Default = "gbdt",
                Description = "LightGBM's gradient-boosted decision trees (lightgbm: its earlier name)",
            },
            new HyperParameterSpecification
            {
                Name = "early_stopping_rounds", Type = HyperParameterType.Integer, Default = 0L, MinValue = 0, MaxValue = 100_000,
                Description = "stop when the validation metric has not improved for this many iterations and keep the best; 0 turns it off",
            },
            new HyperParameterSpecification
            {
                Name = "max_depth", Type = HyperParameterType.Integer, Default = -1L, MinValue = -1, MaxValue = 1_000,
                Description = "deepest a tree may grow; -1 (or 0) means no limit",
            },
            new HyperParameterSpecification
            {
                Name = "max_bin", Type = HyperParameterType.Integer, Default = 255L, MinValue = 2, MaxValue = 65_535,
                Description = "histogram bins per feature",
            },
            new HyperParameterSpecification
            {
                Name = "feature_fraction", Type = HyperParameterType.Continuous, Default = 1.0, MinValue = 0, MinExclusive = true,
                MaxValue = 1, Description = "share of the features each tree may use (seeded)",
            },
            new HyperParameterSpecification
            {
                Name = "bagging_fraction", Type = HyperParameterType.Continuous, Default = 1.0, MinValue = 0, MinExclusive = true,
                MaxValue = 1, Description = "share of the rows each bagging round uses (needs bagging_freq)",
            },
            new HyperParameterSpecification
            {
                Name = "bagging_freq", Type = HyperParameterType.Integer, Default = 0L, MinValue = 0, MaxValue = 100_000,
                Description = "rows are redrawn every this many iterations; 0 turns bagging off",
            },
            CommonHyperParameters.L1("L1 regularisation of the leaf values"),
            CommonHyperParameters.L2(0, "L2 regularisation of the leaf values"),
            CommonHyperParameters.Task,
            CommonHyperParameters.LabelColumn,
            CommonHyperParameters.ValidationFraction(0.2),
            CommonHyperParameters.CrossValidationFolds,
            CommonHyperParameters.Seed,
            CommonHyperParameters.Threads,
        ]);
}

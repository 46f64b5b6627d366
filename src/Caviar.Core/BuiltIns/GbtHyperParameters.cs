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
                Name = "booster", Type = HyperParameterType.Categorical, Values = ["lightgbm", "fasttree"], Default = "lightgbm",
                Description = "the trainer; fasttree is also used when LightGBM cannot load",
            },
            CommonHyperParameters.L1("L1 regularisation of the leaf values"),
            CommonHyperParameters.L2(0, "L2 regularisation of the leaf values"),
            CommonHyperParameters.Task,
            CommonHyperParameters.LabelColumn,
            CommonHyperParameters.ValidationFraction(0.2),
            CommonHyperParameters.Seed,
            CommonHyperParameters.Threads,
        ]);
}

namespace Caviar.BuiltIns;

/// <summary>Hyperparameters several built-in algorithms share.</summary>
internal static class CommonHyperParameters
{
    public static HyperParameterSpecification Seed => new()
    {
        Name = "seed", Type = HyperParameterType.Integer, Default = 0L, Tunable = false,
        MinValue = 0, MaxValue = int.MaxValue,
        Description = "seed of initialisation, the train/validation split and the example order",
    };

    public static HyperParameterSpecification ValidationFraction(double @default) => new()
    {
        Name = "validation_fraction", Type = HyperParameterType.Continuous, Default = @default, Tunable = false,
        MinValue = 0, MinExclusive = true, MaxValue = 1, MaxExclusive = true,
        Description = "share of the training data held out for validation, split before any preprocessing",
    };

    public static HyperParameterSpecification Threads => new()
    {
        Name = "threads", Type = HyperParameterType.Integer, DefaultNote = "the machine's cores; in a tuning job, the cores divided by maxParallel", Tunable = false,
        MinValue = 1, MaxValue = 4096, Description = "threads the training uses",
    };

    public static HyperParameterSpecification LabelColumn => new()
    {
        Name = "label_column", Type = HyperParameterType.Text, DefaultNote = "the last column", Tunable = false,
        Description = "CSV/Parquet data: the column holding the label",
    };

    public static HyperParameterSpecification Epochs(long @default, string description) => new()
    {
        Name = "epochs", Type = HyperParameterType.Integer, Default = @default, MinValue = 1, MaxValue = 100_000,
        Description = description,
    };

    public static HyperParameterSpecification L1(string description) => new()
    {
        Name = "l1", Type = HyperParameterType.Continuous, Default = 0.0, MinValue = 0, Description = description,
    };

    public static HyperParameterSpecification L2(double @default, string description) => new()
    {
        Name = "l2", Type = HyperParameterType.Continuous, Default = @default, MinValue = 0, Description = description,
    };

    public static HyperParameterSpecification CrossValidationFolds => new()
    {
        Name = "cross_validation_folds", Type = HyperParameterType.Integer, MinValue = 2, MaxValue = 1000, Tunable = false,
        DefaultNote = "none (one train/validation split)",
        Description = "k-fold cross-validation of the train channel (stratified for classes, seeded by seed): each step's metric " +
                      "is the mean over the folds, each fold's value is logged (fold=N), and the model is then refit on the " +
                      "whole train channel; at most one fold per row",
    };

    public static HyperParameterSpecification Task => new()
    {
        Name = "task", Type = HyperParameterType.Categorical, Values = ["auto", "binary", "multiclass", "regression"],
        Default = "auto", Tunable = false, Description = "what to learn; auto infers it from the labels",
    };
}

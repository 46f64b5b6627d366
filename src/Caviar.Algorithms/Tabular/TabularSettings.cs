using Caviar.Algorithms.Hosting;

namespace Caviar.Algorithms.Tabular;

/// <summary>Hyperparameters of the gbt and linear algorithms by name; defaults on each property.</summary>
public sealed record TabularSettings
{
    /// <summary>task: binary, multiclass or regression. Default: inferred from the labels.</summary>
    public string Task { get; init; } = "auto";
    /// <summary>label_column. Default: the last column.</summary>
    public string? LabelColumn { get; init; }
    /// <summary>validation_fraction when no validation channel is given. Default 0.2.</summary>
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>
    /// cross_validation_folds: k-fold cross-validation of the train channel (stratified for classification, seeded by
    /// <see cref="Seed"/>) instead of one train/validation split; 0 turns it off. Default 0.
    /// </summary>
    public int CrossValidationFolds { get; init; }
    /// <summary>seed of the split, the folds and the learner. Default 0.</summary>
    public int Seed { get; init; }
    /// <summary>gbt: num_iterations (boosting rounds). Default 100.</summary>
    public int Iterations { get; init; } = 100;
    /// <summary>gbt: learning_rate. Default 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;
    /// <summary>gbt: num_leaves. Default 31.</summary>
    public int Leaves { get; init; } = 31;
    /// <summary>gbt: min_data_in_leaf. Default 20.</summary>
    public int MinDataInLeaf { get; init; } = 20;
    /// <summary>
    /// gbt: booster, gbdt (LightGBM's gradient-boosted decision trees; <c>lightgbm</c> is accepted as its earlier
    /// name). ML.NET's FastTree (<c>fasttree</c>) was removed when gbt moved to LightGBM's own library. Default gbdt.
    /// </summary>
    public string Booster { get; init; } = "gbdt";
    /// <summary>
    /// gbt: early_stopping_rounds: stop when the validation metric (logloss, or rmse for regression) has not improved
    /// for this many iterations, and keep the best iteration's model; 0 turns it off. Default 0.
    /// </summary>
    public int EarlyStoppingRounds { get; init; }
    /// <summary>gbt: max_depth of a tree; 0 or less means no limit (the leaves bound it). Default -1.</summary>
    public int MaxDepth { get; init; } = -1;
    /// <summary>gbt: max_bin, histogram bins per feature. Default 255.</summary>
    public int MaxBin { get; init; } = 255;
    /// <summary>gbt: feature_fraction of the features each tree may use (seeded). Default 1.</summary>
    public double FeatureFraction { get; init; } = 1;
    /// <summary>gbt: bagging_fraction of the rows each bagging round uses (seeded; needs bagging_freq). Default 1.</summary>
    public double BaggingFraction { get; init; } = 1;
    /// <summary>gbt: bagging_freq, rows are redrawn every this many iterations; 0 turns bagging off. Default 0.</summary>
    public int BaggingFrequency { get; init; }
    /// <summary>l1 regularisation. Default 0.</summary>
    public double L1 { get; init; }
    /// <summary>l2 regularisation. Default 0 (gbt), 1e-4 (linear).</summary>
    public double L2 { get; init; }
    /// <summary>linear: solver, sdca or lbfgs. Default sdca.</summary>
    public string Solver { get; init; } = "sdca";
    /// <summary>linear: epochs of SDCA (one validation value per epoch). Default 10.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>threads. Default: the machine's cores (gbt on several processes: cpusPerProcess, see DistributedGbt).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    public static TabularSettings From(string algorithm, HyperParameterValues hp)
    {
        var d = new TabularSettings();
        return new TabularSettings
        {
            Task = hp.String("task", d.Task).ToLowerInvariant(),
            LabelColumn = hp.Names.Contains("label_column") ? hp.String("label_column", "") : null,
            ValidationFraction = hp.Double("validation_fraction", d.ValidationFraction),
            CrossValidationFolds = hp.Int("cross_validation_folds", d.CrossValidationFolds),
            Seed = hp.Int("seed", d.Seed),
            Iterations = hp.Int("num_iterations", d.Iterations),
            LearningRate = hp.Double("learning_rate", d.LearningRate),
            Leaves = hp.Int("num_leaves", d.Leaves),
            MinDataInLeaf = hp.Int("min_data_in_leaf", d.MinDataInLeaf),
            Booster = hp.String("booster", d.Booster).ToLowerInvariant(),
            EarlyStoppingRounds = hp.Int("early_stopping_rounds", d.EarlyStoppingRounds),
            MaxDepth = hp.Int("max_depth", d.MaxDepth),
            MaxBin = hp.Int("max_bin", d.MaxBin),
            FeatureFraction = hp.Double("feature_fraction", d.FeatureFraction),
            BaggingFraction = hp.Double("bagging_fraction", d.BaggingFraction),
            BaggingFrequency = hp.Int("bagging_freq", d.BaggingFrequency),
            L1 = hp.Double("l1", d.L1),
            L2 = hp.Double("l2", algorithm == "linear" ? 1e-4 : 0),
            Solver = hp.String("solver", d.Solver).ToLowerInvariant(),
            Epochs = hp.Int("epochs", d.Epochs),
            Threads = hp.Int("threads", d.Threads),
        }.Validated();
    }

    private TabularSettings Validated()
    {
        if (Task is not ("auto" or "binary" or "multiclass" or "regression"))
            throw new Validation.CaviarValidationException("hyperParameters.task", $"'{Task}' is not binary, multiclass or regression");
        if (Booster == "fasttree")
            throw new Validation.CaviarValidationException("hyperParameters.booster",
                "fasttree was removed: gbt runs LightGBM's own library; use gbdt (the default)");
        if (Booster is not ("gbdt" or "lightgbm"))
            throw new Validation.CaviarValidationException("hyperParameters.booster", $"'{Booster}' is not gbdt");
        if (EarlyStoppingRounds < 0) throw new Validation.CaviarValidationException("hyperParameters.early_stopping_rounds", "must be 0 (off) or more");
        if (MaxBin < 2) throw new Validation.CaviarValidationException("hyperParameters.max_bin", "must be at least 2");
        if (Leaves < 2) throw new Validation.CaviarValidationException("hyperParameters.num_leaves", "must be at least 2");
        if (FeatureFraction is <= 0 or > 1) throw new Validation.CaviarValidationException("hyperParameters.feature_fraction", "must be in (0, 1]");
        if (BaggingFraction is <= 0 or > 1) throw new Validation.CaviarValidationException("hyperParameters.bagging_fraction", "must be in (0, 1]");
        if (Threads < 1) throw new Validation.CaviarValidationException("hyperParameters.threads", "must be at least 1");
        if (Solver is not ("sdca" or "lbfgs"))
            throw new Validation.CaviarValidationException("hyperParameters.solver", $"'{Solver}' is not sdca or lbfgs");
        if (Iterations < 1) throw new Validation.CaviarValidationException("hyperParameters.num_iterations", "must be at least 1");
        if (Epochs < 1) throw new Validation.CaviarValidationException("hyperParameters.epochs", "must be at least 1");
        if (ValidationFraction is <= 0 or >= 1)
            throw new Validation.CaviarValidationException("hyperParameters.validation_fraction", "must be in (0, 1)");
        if (CrossValidationFolds is < 0 or 1)
            throw new Validation.CaviarValidationException("hyperParameters.cross_validation_folds", "must be at least 2 (0 turns it off)");
        return this;
    }

    public TabularTask TaskFor(TabularData data) =>
        Task switch { "binary" => TabularTask.Binary, "multiclass" => TabularTask.Multiclass, "regression" => TabularTask.Regression, _ => data.InferTask() };
}

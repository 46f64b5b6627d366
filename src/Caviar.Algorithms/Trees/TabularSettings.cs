using Caviar.Algorithms.Hosting;

namespace Caviar.Algorithms.Trees;

/// <summary>Hyperparameters of the gbt and linear algorithms by name; defaults on each property.</summary>
public sealed record TabularSettings
{
    /// <summary>task: binary, multiclass or regression. Default: inferred from the labels.</summary>
    public string Task { get; init; } = "auto";
    /// <summary>label_column. Default: the last column.</summary>
    public string? LabelColumn { get; init; }
    /// <summary>validation_fraction when no validation channel is given. Default 0.2.</summary>
    public double ValidationFraction { get; init; } = 0.2;
    public int Seed { get; init; }
    /// <summary>gbt: num_iterations (boosting rounds). Default 100.</summary>
    public int Iterations { get; init; } = 100;
    /// <summary>gbt: learning_rate. Default 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;
    /// <summary>gbt: num_leaves. Default 31.</summary>
    public int Leaves { get; init; } = 31;
    /// <summary>gbt: min_data_in_leaf. Default 20.</summary>
    public int MinDataInLeaf { get; init; } = 20;
    /// <summary>gbt: booster, lightgbm or fasttree (also used when LightGBM cannot load). Default lightgbm.</summary>
    public string Booster { get; init; } = "lightgbm";
    /// <summary>l1 regularisation. Default 0.</summary>
    public double L1 { get; init; }
    /// <summary>l2 regularisation. Default 0 (gbt), 1e-4 (linear).</summary>
    public double L2 { get; init; }
    /// <summary>linear: solver, sdca or lbfgs. Default sdca.</summary>
    public string Solver { get; init; } = "sdca";
    /// <summary>linear: epochs of SDCA (one validation value per epoch). Default 10.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>threads. Default: the machine's cores.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    public static TabularSettings From(string algorithm, HyperParameterValues hp)
    {
        var d = new TabularSettings();
        return new TabularSettings
        {
            Task = hp.String("task", d.Task).ToLowerInvariant(),
            LabelColumn = hp.Names.Contains("label_column") ? hp.String("label_column", "") : null,
            ValidationFraction = hp.Double("validation_fraction", d.ValidationFraction),
            Seed = hp.Int("seed", d.Seed),
            Iterations = hp.Int("num_iterations", d.Iterations),
            LearningRate = hp.Double("learning_rate", d.LearningRate),
            Leaves = hp.Int("num_leaves", d.Leaves),
            MinDataInLeaf = hp.Int("min_data_in_leaf", d.MinDataInLeaf),
            Booster = hp.String("booster", d.Booster).ToLowerInvariant(),
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
        if (Booster is not ("lightgbm" or "fasttree"))
            throw new Validation.CaviarValidationException("hyperParameters.booster", $"'{Booster}' is not lightgbm or fasttree");
        if (Solver is not ("sdca" or "lbfgs"))
            throw new Validation.CaviarValidationException("hyperParameters.solver", $"'{Solver}' is not sdca or lbfgs");
        if (Iterations < 1) throw new Validation.CaviarValidationException("hyperParameters.num_iterations", "must be at least 1");
        if (Epochs < 1) throw new Validation.CaviarValidationException("hyperParameters.epochs", "must be at least 1");
        if (ValidationFraction is <= 0 or >= 1)
            throw new Validation.CaviarValidationException("hyperParameters.validation_fraction", "must be in (0, 1)");
        return this;
    }

    public TabularTask TaskFor(TabularData data) =>
        Task switch { "binary" => TabularTask.Binary, "multiclass" => TabularTask.Multiclass, "regression" => TabularTask.Regression, _ => data.InferTask() };
}

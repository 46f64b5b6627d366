using Caviar.Algorithms.Hosting;
using Caviar.Validation;

namespace Caviar.Algorithms.Neural;

/// <summary>
/// The hyperparameters of the built-in mlp and cnn algorithms, by the names a job or tuning spec uses.
/// Every default is stated on its property.
/// </summary>
public sealed record NeuralSettings
{
    /// <summary>mlp or cnn.</summary>
    public string Architecture { get; init; } = "mlp";
    /// <summary>hidden_units: widths of the fully connected hidden layers. Default "256,128" (mlp), "128" (cnn).</summary>
    public int[] HiddenUnits { get; init; } = [256, 128];
    /// <summary>conv_channels: channels of each 3×3 convolution block (conv, batch norm, ReLU, 2×2 max pool). Default "32,64".</summary>
    public int[] ConvChannels { get; init; } = [32, 64];
    /// <summary>dropout: after every hidden layer. Default 0.2.</summary>
    public double Dropout { get; init; } = 0.2;
    /// <summary>batch_norm: after every hidden layer and convolution. Default true.</summary>
    public bool BatchNorm { get; init; } = true;
    /// <summary>optimizer: sgd, momentum, nesterov, adam, adamw, rmsprop. Default adam.</summary>
    public string Optimizer { get; init; } = "adam";
    /// <summary>learning_rate. Default 0.001.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>momentum (momentum, nesterov, rmsprop). Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>beta2 of adam and adamw. Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>weight_decay: L2 penalty (decoupled for adamw). Default 0.</summary>
    public double WeightDecay { get; init; }
    /// <summary>l1: L1 penalty on the weights, added to the loss. Default 0.</summary>
    public double L1 { get; init; }
    /// <summary>lr_schedule: none, step, cosine or exponential. Default none.</summary>
    public string LrSchedule { get; init; } = "none";
    /// <summary>lr_step_size: epochs between decays of the step schedule. Default 5.</summary>
    public int LrStepSize { get; init; } = 5;
    /// <summary>lr_gamma: decay factor of the step and exponential schedules. Default 0.5 (step), per epoch for exponential.</summary>
    public double LrGamma { get; init; } = 0.5;
    /// <summary>epochs. Default 10.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>batch_size. Default 128.</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>early_stopping_patience: epochs without a better validation loss before stopping; 0 turns it off. Default 3.</summary>
    public int EarlyStoppingPatience { get; init; } = 3;
    /// <summary>validation_fraction: share of the training data held out, split before preprocessing. Default 0.1.</summary>
    public double ValidationFraction { get; init; } = 0.1;
    /// <summary>
    /// cross_validation_folds (mlp): k-fold cross-validation of the train channel (stratified, seeded by
    /// <see cref="Seed"/>) instead of one split; 0 turns it off. Default 0.
    /// </summary>
    public int CrossValidationFolds { get; init; }
    /// <summary>seed of initialisation, split and batch order. Default 0.</summary>
    public int Seed { get; init; }
    /// <summary>max_train_examples: use only this many training examples (quick runs); 0 means all. Default 0.</summary>
    public int MaxTrainExamples { get; init; }
    /// <summary>freeze_layers: how many leading layers (modules of the network) keep their weights (transfer learning). Default 0.</summary>
    public int FreezeLayers { get; init; }
    /// <summary>label_column of CSV data. Default: the last column.</summary>
    public string? LabelColumn { get; init; }
    /// <summary>threads used by libtorch. Default: the machine's cores.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    public static readonly IReadOnlySet<string> Optimizers = new HashSet<string> { "sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop" };
    public static readonly IReadOnlySet<string> Schedules = new HashSet<string> { "none", "step", "cosine", "exponential" };

    public static NeuralSettings From(string architecture, HyperParameterValues hp)
    {
        var defaults = new NeuralSettings();
        var settings = new NeuralSettings
        {
            Architecture = architecture,
            HiddenUnits = hp.Ints("hidden_units", architecture == "cnn" ? "128" : "256,128"),
            ConvChannels = hp.Ints("conv_channels", "32,64"),
            Dropout = hp.Double("dropout", defaults.Dropout),
            BatchNorm = hp.Bool("batch_norm", defaults.BatchNorm),
            Optimizer = hp.String("optimizer", defaults.Optimizer).ToLowerInvariant(),
            LearningRate = hp.Double("learning_rate", defaults.LearningRate),
            Momentum = hp.Double("momentum", defaults.Momentum),
            Beta2 = hp.Double("beta2", defaults.Beta2),
            WeightDecay = hp.Double("weight_decay", defaults.WeightDecay),
            L1 = hp.Double("l1", defaults.L1),
            LrSchedule = hp.String("lr_schedule", defaults.LrSchedule).ToLowerInvariant(),
            LrStepSize = hp.Int("lr_step_size", defaults.LrStepSize),
            LrGamma = hp.Double("lr_gamma", defaults.LrGamma),
            Epochs = hp.Int("epochs", defaults.Epochs),
            BatchSize = hp.Int("batch_size", defaults.BatchSize),
            EarlyStoppingPatience = hp.Int("early_stopping_patience", defaults.EarlyStoppingPatience),
            ValidationFraction = hp.Double("validation_fraction", defaults.ValidationFraction),
            Seed = hp.Int("seed", defaults.Seed),
            MaxTrainExamples = hp.Int("max_train_examples", defaults.MaxTrainExamples),
            CrossValidationFolds = hp.Int("cross_validation_folds", defaults.CrossValidationFolds),
            FreezeLayers = hp.Int("freeze_layers", defaults.FreezeLayers),
            Threads = hp.Int("threads", defaults.Threads),
            LabelColumn = hp.Names.Contains("label_column") ? hp.String("label_column", "") : null,
        };
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (!Optimizers.Contains(Optimizer))
            throw new CaviarValidationException("hyperParameters.optimizer", $"'{Optimizer}' is not one of {string.Join(", ", Optimizers)}");
        if (!Schedules.Contains(LrSchedule))
            throw new CaviarValidationException("hyperParameters.lr_schedule", $"'{LrSchedule}' is not one of {string.Join(", ", Schedules)}");
        if (!(LearningRate > 0)) throw new CaviarValidationException("hyperParameters.learning_rate", "must be positive");
        if (Dropout is < 0 or >= 1) throw new CaviarValidationException("hyperParameters.dropout", "must be in [0, 1)");
        if (Epochs < 1) throw new CaviarValidationException("hyperParameters.epochs", "must be at least 1");
        if (BatchSize < 1) throw new CaviarValidationException("hyperParameters.batch_size", "must be at least 1");
        if (CrossValidationFolds is < 0 or 1)
            throw new CaviarValidationException("hyperParameters.cross_validation_folds", "must be at least 2 (0 turns it off)");
        if (ValidationFraction is <= 0 or >= 1)
            throw new CaviarValidationException("hyperParameters.validation_fraction", "must be in (0, 1)");
        if (HiddenUnits.Any(u => u < 1)) throw new CaviarValidationException("hyperParameters.hidden_units", "widths must be positive");
        if (ConvChannels.Any(c => c < 1)) throw new CaviarValidationException("hyperParameters.conv_channels", "channels must be positive");
    }

    /// <summary>The learning rate for an epoch (1-based) under the schedule.</summary>
    public double LearningRateAt(int epoch) => LrSchedule switch
    {
        "step" => LearningRate * Math.Pow(LrGamma, (epoch - 1) / Math.Max(LrStepSize, 1)),
        "exponential" => LearningRate * Math.Pow(LrGamma, epoch - 1),
        "cosine" => LearningRate * 0.5 * (1 + Math.Cos(Math.PI * (epoch - 1) / Math.Max(Epochs, 1))),
        _ => LearningRate,
    };
}

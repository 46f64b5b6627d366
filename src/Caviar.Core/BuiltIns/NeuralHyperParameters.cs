namespace Caviar.BuiltIns;

/// <summary>The hyperparameters of the built-in mlp and cnn networks (TorchSharp).</summary>
public static class NeuralHyperParameters
{
    public static readonly IReadOnlyList<string> Optimizers = ["sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop"];
    public static readonly IReadOnlyList<string> Schedules = ["none", "step", "cosine", "exponential"];

    public static AlgorithmSpecification Mlp { get; } = new("mlp",
        "fully connected network (TorchSharp) on IDX images or CSV (features standardised); one metric line per epoch",
        [HiddenUnits("256,128"), .. Shared(), CommonHyperParameters.CrossValidationFolds]);

    public static AlgorithmSpecification Cnn { get; } = new("cnn",
        "convolutional network (TorchSharp): 3x3 conv blocks, then fully connected layers",
        [
            new HyperParameterSpecification
            {
                Name = "conv_channels", Type = HyperParameterType.IntegerList, Default = "32,64",
                Description = "channels of each conv block (3x3 conv, batch norm, ReLU, 2x2 max pool)",
            },
            HiddenUnits("128"), .. Shared(),
        ]);

    private static HyperParameterSpecification HiddenUnits(string @default) => new()
    {
        Name = "hidden_units", Type = HyperParameterType.IntegerList, Default = @default,
        Description = "widths of the fully connected hidden layers",
    };

    private static IEnumerable<HyperParameterSpecification> Shared() =>
    [
        new() { Name = "dropout", Type = HyperParameterType.Continuous, Default = 0.2, MinValue = 0, MaxValue = 1, MaxExclusive = true,
                Description = "dropout after every hidden layer" },
        new() { Name = "batch_norm", Type = HyperParameterType.Boolean, Default = true,
                Description = "batch normalisation after every hidden layer and convolution" },
        new() { Name = "optimizer", Type = HyperParameterType.Categorical, Values = Optimizers, Default = "adam",
                Description = "the optimizer" },
        new() { Name = "learning_rate", Type = HyperParameterType.Continuous, Default = 0.001, MinValue = 0, MinExclusive = true,
                MaxValue = 10, Description = "initial learning rate" },
        new() { Name = "momentum", Type = HyperParameterType.Continuous, Default = 0.9, MinValue = 0, MaxValue = 1, MaxExclusive = true,
                Description = "momentum of momentum, nesterov and rmsprop; beta1 of adam and adamw" },
        new() { Name = "beta2", Type = HyperParameterType.Continuous, Default = 0.999, MinValue = 0, MaxValue = 1, MaxExclusive = true,
                Description = "beta2 of adam and adamw" },
        new() { Name = "weight_decay", Type = HyperParameterType.Continuous, Default = 0.0, MinValue = 0,
                Description = "L2 penalty (decoupled for adamw)" },
        CommonHyperParameters.L1("L1 penalty on the weights, added to the loss"),
        new() { Name = "lr_schedule", Type = HyperParameterType.Categorical, Values = Schedules, Default = "none",
                Description = "learning-rate schedule over the epochs" },
        new() { Name = "lr_step_size", Type = HyperParameterType.Integer, Default = 5L, MinValue = 1, MaxValue = 100_000,
                Description = "epochs between decays of the step schedule" },
        new() { Name = "lr_gamma", Type = HyperParameterType.Continuous, Default = 0.5, MinValue = 0, MinExclusive = true, MaxValue = 1,
                Description = "decay factor of the step and exponential (per epoch) schedules" },
        CommonHyperParameters.Epochs(10, "passes over the training data"),
        new() { Name = "batch_size", Type = HyperParameterType.Integer, Default = 128L, MinValue = 1, MaxValue = 1_000_000,
                Description = "examples per gradient step" },
        new() { Name = "early_stopping_patience", Type = HyperParameterType.Integer, Default = 3L, MinValue = 0, MaxValue = 100_000,
                Description = "epochs without a better validation loss before stopping; 0 turns it off" },
        CommonHyperParameters.ValidationFraction(0.1),
        CommonHyperParameters.Seed,
        new() { Name = "max_train_examples", Type = HyperParameterType.Integer, Default = 0L, MinValue = 0, MaxValue = 1_000_000_000,
                Tunable = false, Description = "train on only this many examples (quick runs); 0 means all" },
        new() { Name = "freeze_layers", Type = HyperParameterType.Integer, Default = 0L, MinValue = 0, MaxValue = 1000,
                Description = "leading layers that keep their pretrained weights (transfer learning)" },
        CommonHyperParameters.Threads,
        CommonHyperParameters.LabelColumn,
    ];
}

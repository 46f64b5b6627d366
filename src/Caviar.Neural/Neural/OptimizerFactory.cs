using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Caviar.Algorithms.Neural;

/// <summary>The optimizers the neural algorithms offer, by name.</summary>
public static class OptimizerFactory
{
    public static OptimizerHelper Create(NeuralSettings s, IEnumerable<Parameter> parameters) => s.Optimizer switch
    {
        "sgd" => optim.SGD(parameters, s.LearningRate, weight_decay: s.WeightDecay),
        "momentum" => optim.SGD(parameters, s.LearningRate, momentum: s.Momentum, weight_decay: s.WeightDecay),
        "nesterov" => optim.SGD(parameters, s.LearningRate, momentum: s.Momentum, weight_decay: s.WeightDecay, nesterov: true),
        "adam" => optim.Adam(parameters, s.LearningRate, beta2: s.Beta2, weight_decay: s.WeightDecay),
        "adamw" => optim.AdamW(parameters, s.LearningRate, beta2: s.Beta2, weight_decay: s.WeightDecay),
        "rmsprop" => optim.RMSProp(parameters, s.LearningRate, momentum: s.Momentum, weight_decay: s.WeightDecay),
        _ => throw new Validation.CaviarValidationException("hyperParameters.optimizer", $"unknown optimizer '{s.Optimizer}'"),
    };

    public static void SetLearningRate(OptimizerHelper optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
    }
}

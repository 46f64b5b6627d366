using Caviar.Validation;

namespace Caviar.BuiltIns;

/// <summary>
/// The one list of built-in algorithms and their hyperparameters. The job specs are checked against it at load, the
/// algorithms (Caviar.Algorithms) read their defaults from it, and <c>caviar algorithms</c> prints it.
/// </summary>
public static class BuiltInAlgorithmCatalog
{
    public static IReadOnlyList<AlgorithmSpecification> All { get; } =
        [NeuralHyperParameters.Mlp, NeuralHyperParameters.Cnn, GbtHyperParameters.Gbt, LinearHyperParameters.Linear];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(a => a.Name)];

    /// <summary>The built-ins the neural plugin (caviar-neural) hosts: mlp and cnn.</summary>
    public static IReadOnlyList<string> NeuralNames { get; } = [NeuralHyperParameters.Mlp.Name, NeuralHyperParameters.Cnn.Name];

    /// <summary>The built-ins the caviar command hosts itself: gbt and linear.</summary>
    public static IReadOnlyList<string> TabularNames { get; } = [GbtHyperParameters.Gbt.Name, LinearHyperParameters.Linear.Name];

    public static AlgorithmSpecification? Find(string? name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>The algorithm named <paramref name="name"/>, or a refusal naming <paramref name="field"/> and the known ones.</summary>
    public static AlgorithmSpecification Get(string? name, string field = "algorithm") =>
        Find(name) ?? throw new CaviarValidationException(field,
            $"unknown algorithm '{name}'; known: {string.Join(", ", Names)}");
}

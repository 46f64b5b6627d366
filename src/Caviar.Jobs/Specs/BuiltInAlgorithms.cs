namespace Caviar.Jobs.Specs;

/// <summary>
/// The built-in algorithms a job may name instead of a command: mlp and cnn (TorchSharp), gbt (LightGBM) and
/// linear (SDCA / L-BFGS). They run as <c>caviar builtin NAME</c> under the same contract as a script; mlp and cnn as
/// <c>caviar-neural builtin NAME</c>, the neural plugin (<see cref="NeuralPlugin"/>).
/// </summary>
public static class BuiltInAlgorithms
{
    public const string HostVerb = "builtin";

    /// <summary>
    /// The names, from <see cref="Caviar.BuiltIns.BuiltInAlgorithmCatalog"/>, where each declares its hyperparameters and
    /// which host runs it (the hosts' tables are built from the same lists; BuiltInAlgorithmNamesTests ties them).
    /// </summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(Caviar.BuiltIns.BuiltInAlgorithmCatalog.Names, StringComparer.Ordinal);

    /// <summary>The command that runs <paramref name="algorithm"/> with the current program as the host.</summary>
    public static List<string> Command(string algorithm) =>
        NeuralPlugin.Algorithms.Contains(algorithm)
            ? [.. NeuralPlugin.Require("algorithm", algorithm), HostVerb, algorithm]
            : [.. Launching.RunnerCommand.OfCurrentProcess(), HostVerb, algorithm];
}

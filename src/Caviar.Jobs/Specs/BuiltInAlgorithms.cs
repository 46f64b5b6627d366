namespace Caviar.Jobs.Specs;

/// <summary>
/// The built-in algorithms a job may name instead of a command. None ships yet (gradient-boosted trees,
/// linear learner and neural networks arrive with the built-in trainers), so naming one is refused clearly.
/// </summary>
public static class BuiltInAlgorithms
{
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal);
}

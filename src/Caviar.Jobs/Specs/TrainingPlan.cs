namespace Caviar.Jobs.Specs;

/// <summary>
/// A training job checked once (<see cref="TrainingJobValidator.Compile"/>): the spec whose every field passed, and the
/// folder its relative paths are resolved against. <c>caviar train</c>, the API and a tuning plan's trials run from it.
/// </summary>
public sealed class TrainingPlan
{
    internal TrainingPlan(TrainingJobSpec spec, string baseDirectory)
    {
        Spec = spec;
        BaseDirectory = baseDirectory;
    }

    /// <summary>The checked spec.</summary>
    public TrainingJobSpec Spec { get; }

    /// <summary>The job's name; null for the job of a tuning spec, whose trials name their jobs.</summary>
    public string? Name => Spec.Name;

    /// <summary>Where the spec's channels, working directory and checkpoint folder are resolved.</summary>
    public string BaseDirectory { get; }
}

namespace Caviar.Jobs.Tuning;

/// <summary>The "warmStart" section of a tuning spec: parent tuning jobs whose trials seed this one.</summary>
public sealed record WarmStartSpec
{
    /// <summary>1 to 5 names of earlier tuning jobs in the same store.</summary>
    public List<string> ParentTuningJobs { get; init; } = [];

    public WarmStartType Type { get; init; } = WarmStartType.IdenticalDataAndAlgorithm;
}

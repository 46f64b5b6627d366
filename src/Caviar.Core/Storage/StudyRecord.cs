using Caviar.Trials;

namespace Caviar.Storage;

/// <summary>
/// A stored study. <see cref="Configuration"/> is opaque JSON kept for whoever created the study
/// (the CLI keeps its tuning spec there so that a study can be resumed by name).
/// <see cref="Direction"/> is the first objective's; <see cref="Directions"/> lists every objective's.
/// </summary>
public sealed record StudyRecord(long Id, string Name, ObjectiveDirection Direction, DateTimeOffset CreatedAt,
    string? Configuration = null)
{
    private readonly IReadOnlyList<ObjectiveDirection>? _directions;

    /// <summary>One direction per objective, in objective order (a one-objective study: [<see cref="Direction"/>]).</summary>
    public IReadOnlyList<ObjectiveDirection> Directions
    {
        get => _directions ?? [Direction];
        init => _directions = value;
    }
}

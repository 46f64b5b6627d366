using Caviar.Trials;

namespace Caviar.Storage;

/// <summary>
/// A stored study. <see cref="Configuration"/> is opaque JSON kept for whoever created the study
/// (the CLI keeps its tuning spec there so that a study can be resumed by name).
/// </summary>
public sealed record StudyRecord(long Id, string Name, ObjectiveDirection Direction, DateTimeOffset CreatedAt,
    string? Configuration = null);

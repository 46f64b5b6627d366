namespace Caviar.Jobs.Tuning;

/// <summary>
/// A tuning run stopped at once, leaving the trials it was running as they are in the store for a later
/// <c>--resume</c>: the artifacts' disk is full, or another process took the study over.
/// </summary>
public sealed class TuningHaltedException(string message) : Exception(message);

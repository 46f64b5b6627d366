namespace Caviar.Studies;

/// <summary>
/// Thrown by an objective to fail its trial with <see cref="Exception.Message"/> as the trial's failure reason, as
/// written: words for the user, without the exception's type in front (any other exception's reason is
/// "TYPE: MESSAGE").
/// </summary>
public class TrialFailedException(string reason) : Exception(reason);

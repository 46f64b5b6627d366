namespace Caviar.Studies;

/// <summary>
/// Thrown by an objective to fail its trial with <see cref="Exception.Message"/> as the trial's failure reason, as
/// written: words for the user, without the exception's type in front (any other exception's reason is
/// "TYPE: MESSAGE").
/// </summary>
public class TrialFailedException(string reason) : Exception(reason)
{
    /// <summary>The failure reason a trial is told when its objective threw <paramref name="error"/>.</summary>
    public static string ReasonOf(Exception error) =>
        error is TrialFailedException ? error.Message : $"{error.GetType().Name}: {error.Message}";
}

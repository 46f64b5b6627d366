using Caviar.Jobs.Tuning;
using Caviar.Trials;

namespace Caviar.Cli.Rendering;

/// <summary>A trial as the reading verbs print it in JSON.</summary>
internal static class TrialJson
{
    public static object Of(TrialRecord trial, string studyName, bool hasTrainingJob) => new
    {
        number = trial.Number,
        state = trial.State,
        value = trial.Value,
        values = trial.Values,
        constraints = trial.Constraints,
        @params = trial.ExternalParams,
        userAttributes = trial.UserAttributes,
        intermediateValues = trial.IntermediateValues.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
        startedAt = trial.StartedAt,
        finishedAt = trial.FinishedAt,
        durationSeconds = trial.Duration?.TotalSeconds,
        failureReason = trial.FailureReason,
        trainingJob = hasTrainingJob ? TrialJobNames.For(studyName, trial.Number) : null,
    };
}

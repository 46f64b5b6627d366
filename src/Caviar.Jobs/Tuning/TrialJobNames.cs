namespace Caviar.Jobs.Tuning;

/// <summary>The training job of trial n of tuning job T is named T-000n (as SageMaker names them).</summary>
public static class TrialJobNames
{
    public static string For(string tuningJob, int trialNumber) => $"{tuningJob}-{trialNumber:D4}";
}

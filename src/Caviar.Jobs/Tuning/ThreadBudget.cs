namespace Caviar.Jobs.Tuning;

/// <summary>
/// Script-mode trials get <c>OMP_NUM_THREADS</c> = the host's cores divided by the trials running at once (at least 1),
/// so NumPy, scikit-learn and PyTorch in parallel trials do not oversubscribe the cores. A value in the training job's
/// own environment wins.
/// </summary>
public static class ThreadBudget
{
    public const string Variable = "OMP_NUM_THREADS";

    public static int ThreadsPerTrial(int maxParallel) => Math.Max(1, Environment.ProcessorCount / Math.Max(1, maxParallel));

    public static Specs.TrainingJobSpec AddTo(Specs.TrainingJobSpec job, int maxParallel)
    {
        if (job.Environment.ContainsKey(Variable)) return job;
        var environment = new Dictionary<string, string>(job.Environment)
        {
            [Variable] = ThreadsPerTrial(maxParallel).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return job with { Environment = environment };
    }
}

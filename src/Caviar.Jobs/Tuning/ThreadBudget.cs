using System.Text.Json;
using Caviar.BuiltIns;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// Trials running at once share the host's cores: each trial's job gets the host's cores divided by the trials running
/// at once (at least 1), so parallel trials do not oversubscribe the cores. Script-mode jobs get it as
/// <c>OMP_NUM_THREADS</c> (NumPy, scikit-learn and PyTorch read it); built-ins that declare <c>threads</c> get it as
/// that hyperparameter's default. A value the training job sets itself wins.
/// </summary>
public static class ThreadBudget
{
    public const string Variable = "OMP_NUM_THREADS";
    public const string HyperParameter = "threads";

    public static int ThreadsPerTrial(int maxParallel) => Math.Max(1, Environment.ProcessorCount / Math.Max(1, maxParallel));

    public static Specs.TrainingJobSpec AddTo(Specs.TrainingJobSpec job, int maxParallel)
    {
        int threads = ThreadsPerTrial(maxParallel);
        if (job.Command is { Count: > 0 })
        {
            if (job.Environment.ContainsKey(Variable)) return job;
            var environment = new Dictionary<string, string>(job.Environment)
            {
                [Variable] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            return job with { Environment = environment };
        }
        bool declared = BuiltInAlgorithmCatalog.Find(job.Algorithm)?.HyperParameters.Any(h => h.Name == HyperParameter) == true;
        if (!declared || job.HyperParameters.ContainsKey(HyperParameter)) return job;
        var hyperParameters = new Dictionary<string, JsonElement>(job.HyperParameters)
        {
            [HyperParameter] = JsonSerializer.SerializeToElement(threads),
        };
        return job with { HyperParameters = hyperParameters };
    }
}

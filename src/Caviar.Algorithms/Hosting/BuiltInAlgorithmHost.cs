using Caviar.BuiltIns;
using Caviar.Validation;

namespace Caviar.Algorithms.Hosting;

/// <summary>
/// Runs a built-in algorithm as a training job under the script-mode contract (the job runner starts
/// <c>caviar builtin NAME</c>): hyperparameters, channels and directories from the environment, metrics on stdout,
/// a failure file and exit code 1 on error.
/// </summary>
public static class BuiltInAlgorithmHost
{
    public static int Run(string algorithm, TextWriter log)
    {
        JobContext? job = null;
        try
        {
            job = JobContext.FromEnvironment();
            BuiltInAlgorithmCatalog.Get(algorithm).CheckHyperParameters(job.HyperParameters.Values, "hyperParameters");
            switch (algorithm)
            {
                case "mlp" or "cnn": NeuralAlgorithm.Run(algorithm, job, log); break;
                case "gbt" or "linear": Trees.TabularAlgorithm.Run(algorithm, job, log); break;
                default: throw new InvalidOperationException($"{algorithm} is declared but has no implementation here");
            }
            return 0;
        }
        catch (Exception error)
        {
            string reason = error is CaviarValidationException v ? $"{v.Field}: {v.Reason}" : $"{error.GetType().Name}: {error.Message}";
            if (job is not null)
            {
                Directory.CreateDirectory(job.OutputDirectory);
                File.WriteAllText(Path.Combine(job.OutputDirectory, "failure"), reason + "\n");
            }
            Console.Error.WriteLine($"error: {reason}");
            return 1;
        }
    }
}

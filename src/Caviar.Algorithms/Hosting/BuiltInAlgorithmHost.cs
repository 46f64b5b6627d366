using Caviar.Algorithms.Tabular;
using Caviar.BuiltIns;
using Caviar.Validation;

namespace Caviar.Algorithms.Hosting;

/// <summary>
/// Runs a built-in algorithm as a training job under the script-mode contract (the job runner starts
/// <c>caviar builtin NAME</c>): hyperparameters, channels and directories from the environment, metrics on stdout,
/// a failure file and exit code 1 on error. The caviar command hosts gbt and linear (<see cref="Tabular"/>); the
/// neural plugin (caviar-neural) hosts mlp and cnn with its own table.
/// </summary>
public static class BuiltInAlgorithmHost
{
    /// <summary>How a host trains one of its algorithms: the algorithm's name, the job, the log.</summary>
    public delegate void Train(string algorithm, JobContext job, TextWriter log);

    /// <summary>The algorithms this assembly implements: gbt and linear (named by <see cref="BuiltInAlgorithmCatalog.TabularNames"/>).</summary>
    public static IReadOnlyDictionary<string, Train> Tabular { get; } =
        BuiltInAlgorithmCatalog.TabularNames.ToDictionary(name => name, _ => (Train)TabularAlgorithm.Run);

    public static int Run(string algorithm, TextWriter log, IReadOnlyDictionary<string, Train> implementations)
    {
        JobContext? job = null;
        try
        {
            job = JobContext.FromEnvironment();
            BuiltInAlgorithmCatalog.Get(algorithm).CheckHyperParameters(job.HyperParameters.Values, "hyperParameters");
            if (!implementations.TryGetValue(algorithm, out var train))
                throw new InvalidOperationException($"{algorithm} is declared but has no implementation in this program");
            train(algorithm, job, log);
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

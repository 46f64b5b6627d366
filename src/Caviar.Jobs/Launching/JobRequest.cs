using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Specs;
using Caviar.Specs;

namespace Caviar.Jobs.Launching;

/// <summary>
/// Everything needed to run one training job, written as request.json into the job's directory so that a
/// runner in another process (or on another machine sharing the directory) can run it.
/// </summary>
public sealed record JobRequest
{
    public string JobName { get; init; } = "";
    /// <summary>The job spec with the trial's hyperparameters already merged into the static ones.</summary>
    public TrainingJobSpec Spec { get; init; } = new();
    /// <summary>Where the spec's relative paths are resolved.</summary>
    public string BaseDirectory { get; init; } = "";
    public string ArtifactsRoot { get; init; } = "";

    /// <summary>
    /// How the runner starts a job of several processes (or with GPUs): <c>"srun"</c> when the Slurm launcher runs
    /// it (the ranks are the tasks of one srun step in the job's allocation); null starts them on the runner's host.
    /// </summary>
    public string? RanksThrough { get; init; }

    /// <summary>The value of <see cref="RanksThrough"/> for ranks started as Slurm tasks.</summary>
    public const string Srun = "srun";

    public JobDirectory Directory => JobDirectory.For(ArtifactsRoot, JobName);

    public static string FileIn(JobDirectory job) => Path.Combine(job.Root, "request.json");

    public void Write()
    {
        var job = Directory;
        System.IO.Directory.CreateDirectory(job.Root);
        string path = FileIn(job), temporary = path + ".tmp";
        try
        {
            File.WriteAllText(temporary, JsonSerializer.Serialize(this, SpecJson.Options));
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static JobRequest Read(string jobDirectory)
    {
        string path = FileIn(new JobDirectory(jobDirectory));
        if (!File.Exists(path))
            throw new Validation.CaviarValidationException("JOB_DIR", $"'{jobDirectory}' holds no request.json");
        return JsonSerializer.Deserialize<JobRequest>(File.ReadAllText(path), SpecJson.Options)!;
    }

    /// <summary>A request for a trial: the trial's values become hyperparameters (numbers stay numbers).</summary>
    public static JobRequest ForTrial(string jobName, TrainingJobSpec spec, IReadOnlyDictionary<string, object> tuned,
        string baseDirectory, string artifactsRoot)
    {
        var (withStep, hyperParameters) = OptimizeStep.ApplyTuned(spec, tuned);   // optimize.sparsity sets the step, not a hyperparameter
        spec = withStep;
        var merged = new Dictionary<string, JsonElement>(spec.HyperParameters);
        foreach (var (name, value) in hyperParameters!) merged[name] = JsonSerializer.SerializeToElement(value);
        return new JobRequest
        {
            JobName = jobName, Spec = spec with { Name = jobName, HyperParameters = merged },
            BaseDirectory = Path.GetFullPath(baseDirectory), ArtifactsRoot = Path.GetFullPath(artifactsRoot),
        };
    }
}

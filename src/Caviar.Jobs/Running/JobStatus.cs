using System.Text.Json;
using Caviar.Specs;

namespace Caviar.Jobs.Running;

/// <summary>What status.json in a job directory says. Written atomically, so a reader never sees half of it.</summary>
public sealed record JobStatus
{
    public string JobName { get; init; } = "";
    public JobState State { get; init; }
    /// <summary>Attempts started so far, all runs of the job together.</summary>
    public int Attempts { get; init; }
    public int? ExitCode { get; init; }
    public string? FailureReason { get; init; }
    /// <summary>The last value of each metric.</summary>
    public Dictionary<string, double> FinalMetrics { get; init; } = [];
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The process that runs the job (the runner, not the script), while it runs.</summary>
    public int? RunnerProcessId { get; init; }

    /// <summary>The job's own process (the script) of the current attempt, while it runs.</summary>
    public int? JobProcessId { get; init; }

    /// <summary>Every process of the current attempt by rank (rank 0 first), while it runs.</summary>
    public List<int>? JobProcessIds { get; init; }

    /// <summary>How well the job used its cores, memory and GPUs (all attempts of the last run), once an attempt has ended.</summary>
    public Efficiency.EfficiencySummary? Efficiency { get; init; }

    public static JobStatus? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<JobStatus>(File.ReadAllText(path), SpecJson.Options) : null;
        }
        catch (IOException) { return null; }
        catch (JsonException) { return null; }
    }

    public void Write(string path)
    {
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, SpecJson.Options));
        File.Move(temporary, path, overwrite: true);
    }
}

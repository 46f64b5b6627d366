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

    /// <summary>
    /// When the runner started (clock ticks after boot, <see cref="Launching.ProcessLiveness.StartTimeOf"/>), while it
    /// runs: with <see cref="RunnerProcessId"/> it names the runner exactly, also a standby runner whose command line
    /// does not name the job.
    /// </summary>
    public long? RunnerStartTime { get; init; }

    /// <summary>
    /// An attempt's log lines (metrics among them) could not all be written (a full disk): a later attempt resuming from a
    /// checkpoint would not log them again, so the job can no longer complete with trustworthy metrics.
    /// </summary>
    public bool MetricsLost { get; init; }

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

    /// <summary>Bytes kept aside in <c>status.json.reserve</c> so that a final status can be written on a full disk.</summary>
    public const int ReserveBytes = 16 * 1024;

    /// <summary>
    /// Writes the status atomically: a temporary file moved over the old one; a temporary file that could not be
    /// written (a full disk) is removed and the error thrown. Keeps a reserve for <see cref="WriteFinal"/>.
    /// </summary>
    public void Write(string path)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(this, SpecJson.Options);
        string temporary = $"{path}.{Environment.ProcessId}.tmp", reserve = path + ".reserve";
        try
        {
            File.WriteAllBytes(temporary, json);
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            File.Delete(temporary);
            throw;
        }
        if (!File.Exists(reserve)) MakeReserve(reserve);
    }

    /// <summary>
    /// <see cref="Write"/> for a final status, which must reach the disk even when it is full: then the reserve, a file of
    /// <see cref="ReserveBytes"/> made while there was space, is overwritten in place (no new blocks needed), cut to size
    /// and moved over the old status, atomically as ever.
    /// </summary>
    public void WriteFinal(string path)
    {
        string reserve = path + ".reserve";
        try
        {
            Write(path);
        }
        catch (IOException error) when (DiskSpace.IsFull(error) && (File.Exists(reserve) || File.Exists(path)))
        {
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(this, SpecJson.Options);
            if (!File.Exists(reserve))
            {
                // No reserve could be made (the disk was full from the start): the old status is overwritten in place,
                // within the blocks it already has. Not atomic, but a reader that finds it half written sees no status
                // and waits, rather than the job staying Running for ever.
                OverwriteInPlace(path, json);
                return;
            }
            OverwriteInPlace(reserve, json);
            File.Move(reserve, path, overwrite: true);
        }
    }

    private static void OverwriteInPlace(string file, byte[] json)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Write);
        stream.Write(json);
        stream.SetLength(json.Length);
        stream.Flush(flushToDisk: true);
    }

    private static void MakeReserve(string reserve)
    {
        string temporary = $"{reserve}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllBytes(temporary, new byte[ReserveBytes]);
            File.Move(temporary, reserve, overwrite: true);
        }
        catch (IOException)
        {
            File.Delete(temporary);   // no room for a reserve now; a later write tries again
        }
    }
}

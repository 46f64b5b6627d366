namespace Caviar.Jobs.Layout;

/// <summary>
/// Where one training job keeps its files, under the artifacts root:
/// <code>
/// JOB/input/config/hyperparameters.json   what the job reads (CAVIAR_HYPERPARAMETERS); a container's has strings
/// JOB/input/config/caviar-hyperparameters.json   a container's typed copy (its CAVIAR_HYPERPARAMETERS)
/// JOB/input/config/resourceconfig.json    a container's hosts (SageMaker's current_host, hosts)
/// JOB/input/data/CHANNEL                  the channels (copied, linked, or a FIFO)
/// JOB/model/                              the model the job writes (CAVIAR_MODEL_DIR)
/// JOB/output/failure                      the job's own failure reason, if it wrote one (CAVIAR_OUTPUT_DIR)
/// JOB/checkpoints/                        checkpoints, unless the spec names another place
/// JOB/logs/attempt-N.log                  stdout and stderr of attempt N (attempt-N.rank-R.log per process with ranks)
/// JOB/logs/attempt-N.exit                 the exit codes of attempt N's job and log, once it ended (.rank-R.exit)
/// JOB/runner.lock                        held (flock) by the job's one runner while it runs
/// JOB/logs/read-offsets                   how far the runner has read the current attempt's log and reported metrics
/// JOB/input/hosts/algo-H/CHANNEL          host H's share of a channel sharded by key
/// JOB/metrics.jsonl                       every metric value read from the log or reported by the job
/// JOB/output/reported-metrics.jsonl       what the job reports itself (CAVIAR_METRICS_FILE, JSON lines)
/// JOB/stop-requested                      asks the job to end (CAVIAR_STOP_FILE); "prune" when pruned
/// JOB/status.json                         the job's state, written by the runner
/// </code>
/// </summary>
public sealed class JobDirectory(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string HyperParametersFile => Path.Combine(Root, "input", "config", "hyperparameters.json");
    public string TypedHyperParametersFile => Path.Combine(Root, "input", "config", "caviar-hyperparameters.json");
    public string ResourceConfigFile => Path.Combine(Root, "input", "config", "resourceconfig.json");
    public string DataDirectory => Path.Combine(Root, "input", "data");
    public string ModelDirectory => Path.Combine(Root, "model");
    public string OutputDirectory => Path.Combine(Root, "output");
    public string FailureFile => Path.Combine(OutputDirectory, "failure");
    public string DefaultCheckpointDirectory => Path.Combine(Root, "checkpoints");
    public string LogDirectory => Path.Combine(Root, "logs");
    public string MetricsFile => Path.Combine(Root, "metrics.jsonl");
    public string StatusFile => Path.Combine(Root, "status.json");
    public string StopRequestFile => Path.Combine(Root, "stop-requested");
    public string ReportedMetricsFile => Path.Combine(OutputDirectory, "reported-metrics.jsonl");

    public string ChannelPath(string channel) => Path.Combine(DataDirectory, channel);

    public string LogFile(int attempt) => Path.Combine(LogDirectory, $"attempt-{attempt}.log");

    /// <summary>The log of one process of a job with ranks (attempt-N.rank-R.log); without a rank, the attempt's log.</summary>
    public string LogFile(int attempt, int? rank) =>
        rank is { } r ? Path.Combine(LogDirectory, $"attempt-{attempt}.rank-{r}.log") : LogFile(attempt);

    /// <summary>Where the shim of one process of an attempt writes its exit codes (see <c>AttemptShim</c>).</summary>
    public string ExitFile(int attempt, int? rank) =>
        rank is { } r ? Path.Combine(LogDirectory, $"attempt-{attempt}.rank-{r}.exit") : Path.Combine(LogDirectory, $"attempt-{attempt}.exit");

    public string ReadOffsetsFile => Path.Combine(LogDirectory, "read-offsets");

    /// <summary>Where host <paramref name="node"/>'s share of a sharded channel is put.</summary>
    public string HostChannelPath(string channel, int node) =>
        Path.Combine(Root, "input", "hosts", Distributed.Rank.HostName(node), channel);

    /// <summary>The job directory for <paramref name="jobName"/> under <paramref name="artifactsRoot"/>; the name must be safe.</summary>
    public static JobDirectory For(string artifactsRoot, string jobName)
    {
        Specs.SafeNames.EnsureJobName(jobName, "name");
        return new JobDirectory(Path.Combine(artifactsRoot, "jobs", jobName));
    }

    public void Create()
    {
        foreach (var dir in new[] { Path.GetDirectoryName(HyperParametersFile)!, DataDirectory, ModelDirectory,
                     OutputDirectory, LogDirectory })
            Directory.CreateDirectory(dir);
    }
}

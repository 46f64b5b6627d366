using System.Text.Json;

namespace Caviar.Jobs.Specs;

/// <summary>
/// A training job: a built-in algorithm, a script command or a container image, static hyperparameters, data channels,
/// metric definitions, a checkpoint directory, a stopping condition and a retry policy. Relative paths
/// (channels, checkpoint dir, working directory) are resolved against the spec file's directory.
/// </summary>
public sealed record TrainingJobSpec
{
    /// <summary>The job's name (1–63 letters, digits, '-', '_', '.'). Required for <c>caviar train</c>; tuning jobs name their trials.</summary>
    public string? Name { get; init; }

    /// <summary>A built-in algorithm by name. Give this or <see cref="Command"/>, not both.</summary>
    public string? Algorithm { get; init; }

    /// <summary>
    /// Script mode: the program and its arguments, e.g. ["/usr/bin/python3", "train.py"]. With <see cref="Image"/>, the
    /// command run inside the container instead of the image's entrypoint.
    /// </summary>
    public List<string>? Command { get; init; }

    /// <summary>
    /// Bring your own container: a local OCI image (e.g. "local/my-algo:1") run by Podman with the job directory at
    /// /opt/ml (SageMaker's layout); without a command the image's entrypoint gets the argument "train". Default: none
    /// (the command runs on the host).
    /// </summary>
    public string? Image { get; init; }

    /// <summary>An image's network: "none" (only its own loopback), "bridge" or "host". Default "none".</summary>
    public string? Network { get; init; }

    /// <summary>Working directory of the command. Default: the spec file's directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Hyperparameters passed unchanged to every run (tuned ones are added to them). Default: none.</summary>
    public Dictionary<string, JsonElement> HyperParameters { get; init; } = [];

    /// <summary>Input data by channel name. Default: none.</summary>
    public List<ChannelSpec> Channels { get; init; } = [];

    /// <summary>Metrics read from the job's log. Default: none.</summary>
    public List<MetricDefinition> MetricDefinitions { get; init; } = [];

    /// <summary>Where checkpoints live; kept across retries and restarts. Default: the job directory's checkpoints/.</summary>
    public string? CheckpointDir { get; init; }

    /// <summary>Extra environment variables for the command. Default: none.</summary>
    public Dictionary<string, string> Environment { get; init; } = [];

    public StoppingCondition StoppingCondition { get; init; } = new();

    public RetryStrategy RetryStrategy { get; init; } = new();

    /// <summary>Hosts, processes, GPUs and CPUs of the job. Default: one process on one host, no GPU, one CPU.</summary>
    public ResourcesSpec Resources { get; init; } = new();
}

public enum InputMode
{
    /// <summary>The data is copied into the job's input directory before the job starts.</summary>
    File,
    /// <summary>The job reads the data where it is (a link to the source), nothing is copied.</summary>
    FastFile,
    /// <summary>The data is streamed through a named pipe (FIFO) at the channel's path, or on standard input.</summary>
    Pipe,
}

/// <summary>One input channel.</summary>
public sealed record ChannelSpec
{
    /// <summary>The channel's name (letters, digits, '_', '-'); the job sees it as CAVIAR_CHANNEL_NAME (upper case).</summary>
    public string Name { get; init; } = "";

    /// <summary>A file or directory. Pipe mode needs a file.</summary>
    public string Path { get; init; } = "";

    /// <summary>How the job receives the data. Default File.</summary>
    public InputMode InputMode { get; init; } = InputMode.File;

    /// <summary>Pipe mode only: stream this channel on the job's standard input instead of a FIFO. Default false.</summary>
    public bool Stdin { get; init; }

    /// <summary>On several hosts: every host gets all the data, or a share of the folder's files. Default FullyReplicated.</summary>
    public ChannelDistribution Distribution { get; init; } = ChannelDistribution.FullyReplicated;
}

/// <summary>A metric read from the log: every line matching <see cref="Regex"/> gives one value.</summary>
public sealed record MetricDefinition
{
    public string Name { get; init; } = "";

    /// <summary>
    /// A regular expression whose group "value" (or else its first unnamed group) is the number; one without either is
    /// refused. A group "step" gives the step (epoch);
    /// without it the n-th match is step n. Each line is matched under a 1 s timeout; a line over it is skipped.
    /// </summary>
    public string Regex { get; init; } = "";
}

public sealed record StoppingCondition
{
    /// <summary>Wall-clock limit of the job, all attempts together; the job is stopped when it is spent. Default 24 h.</summary>
    public double MaxRuntimeSeconds { get; init; } = 86_400;
}

public sealed record RetryStrategy
{
    /// <summary>Further attempts after a failed one (non-zero exit, killed). Each resumes from the checkpoint dir. Default 0.</summary>
    public int MaximumRetryAttempts { get; init; }
}

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

    /// <summary>
    /// Built-in mlp and cnn: after training, export the model as one optimized ONNX variant and add its measured accuracy,
    /// latency, throughput and size to the job's metrics (<see cref="OptimizeSpec"/>). Default: none.
    /// </summary>
    public OptimizeSpec? Optimize { get; init; }

    /// <summary>Hosts, processes, GPUs and CPUs of the job. Default: one process on one host, no GPU, one CPU.</summary>
    public ResourcesSpec Resources { get; init; } = new();
}

using Caviar.BuiltIns;
using Caviar.SearchSpaces;
using Caviar.Validation;

namespace Caviar.Jobs.Specs;

/// <summary>
/// Checks a training job spec and compiles it into a <see cref="TrainingPlan"/>; every refusal names the field
/// (prefixed with <c>prefix</c>), and every bad field is reported, not only the first.
/// </summary>
public static class TrainingJobValidator
{
    /// <summary>Checks <paramref name="spec"/> completely and returns its plan, or throws every refusal at once.</summary>
    /// <param name="hostGpus">This host's GPUs, to refuse a job asking for more than it has; null where the job runs elsewhere.</param>
    /// <param name="launcher">Where the job runs; under Kubernetes the cluster pulls the image, so the local engine is not asked for it.</param>
    public static TrainingPlan Compile(TrainingJobSpec spec, string baseDirectory, string prefix = "", bool nameRequired = true,
        Distributed.GpuInventory? hostGpus = null, Launching.LauncherKind launcher = Launching.LauncherKind.Local)
    {
        var errors = new ValidationErrors();
        Check(spec, baseDirectory, prefix, nameRequired, hostGpus, launcher, errors);
        errors.ThrowIfAny();
        return new TrainingPlan(spec, baseDirectory);
    }

    /// <summary>Adds every refusal of <paramref name="spec"/> to <paramref name="errors"/>.</summary>
    internal static void Check(TrainingJobSpec spec, string baseDirectory, string prefix, bool nameRequired,
        Distributed.GpuInventory? hostGpus, Launching.LauncherKind launcher, ValidationErrors errors)
    {
        if (nameRequired || spec.Name is not null) errors.Check(() => SafeNames.EnsureJobName(spec.Name, prefix + "name"));
        bool hasCommand = spec.Command is { Count: > 0 };
        if (!hasCommand && spec.Algorithm is null && spec.Image is null)
            errors.Add(prefix + "command",
                $"give a command (script mode), an image, or an algorithm ({string.Join(", ", BuiltInAlgorithmCatalog.Names)})");
        errors.Check(() => ContainerSpecValidator.Validate(spec, prefix));
        if (hasCommand && spec.Algorithm is not null)
            errors.Add(prefix + "algorithm", "give either command or algorithm, not both");
        foreach (var name in spec.HyperParameters.Keys) errors.Check(() => ParameterNames.Ensure(name, $"{prefix}hyperParameters.{name}"));
        if (spec.Algorithm is not null)
            errors.Check(() => BuiltInAlgorithmCatalog.Get(spec.Algorithm, prefix + "algorithm")
                .CheckHyperParameters(spec.HyperParameters, prefix + "hyperParameters"));
        if (spec.Algorithm is { } neural && NeuralPlugin.Algorithms.Contains(neural))
            errors.Check(() => NeuralPlugin.Require(prefix + "algorithm", neural));
        OptimizeStep.Check(spec, prefix, errors);
        if (hasCommand && spec.Command!.Any(string.IsNullOrEmpty))
            errors.Add(prefix + "command", "must not contain empty entries");
        if (spec.WorkingDirectory is { } workDir && !Directory.Exists(Path.Combine(baseDirectory, workDir)))
            errors.Add(prefix + "workingDirectory", $"directory '{workDir}' does not exist");

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < spec.Channels.Count; i++)
            errors.Check(() => CheckChannel(spec.Channels[i], $"{prefix}channels[{i}]", baseDirectory, seen));
        if (spec.Channels.Count(c => c.Stdin) > 1)
            errors.Add(prefix + "channels", "at most one channel can be streamed on stdin");

        var metricNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < spec.MetricDefinitions.Count; i++)
            errors.Check(() => CheckMetric(spec.MetricDefinitions[i], $"{prefix}metricDefinitions[{i}]", metricNames));
        if (!(spec.StoppingCondition.MaxRuntimeSeconds > 0))
            errors.Add(prefix + "stoppingCondition.maxRuntimeSeconds", "must be positive");
        if (spec.RetryStrategy.MaximumRetryAttempts is < 0 or > 30)
            errors.Add(prefix + "retryStrategy.maximumRetryAttempts", "must be between 0 and 30");
        errors.Check(() => Distributed.ResourcesValidator.Validate(spec, baseDirectory, prefix, hostGpus));
        foreach (var name in spec.Environment.Keys)
            if (name.StartsWith("CAVIAR_", StringComparison.Ordinal))
                errors.Add($"{prefix}environment.{name}", "CAVIAR_ variables are set by Caviar");
        // Last, and only for a sound spec: it asks the engine. A Kubernetes cluster pulls the image from its registry.
        if (!errors.Any && launcher != Launching.LauncherKind.Kubernetes) errors.Check(() => ContainerSpecValidator.EnsureImage(spec, prefix));
    }

    private static void CheckChannel(ChannelSpec channel, string field, string baseDirectory, HashSet<string> seen)
    {
        SafeNames.EnsureChannelName(channel.Name, field + ".name");
        if (!seen.Add(channel.Name))
            throw new CaviarValidationException(field + ".name", $"duplicate channel '{channel.Name}'");
        string path = Path.Combine(baseDirectory, channel.Path ?? "");
        if (string.IsNullOrEmpty(channel.Path) || !(File.Exists(path) || Directory.Exists(path)))
            throw new CaviarValidationException(field + ".path", $"'{channel.Path}' does not exist");
        if (channel.InputMode == InputMode.Pipe && !File.Exists(path))
            throw new CaviarValidationException(field + ".path", "Pipe mode streams a file, not a directory");
        if (channel.Stdin && channel.InputMode != InputMode.Pipe)
            throw new CaviarValidationException(field + ".stdin", "only a Pipe channel can be streamed on stdin");
    }

    private static void CheckMetric(MetricDefinition metric, string field, HashSet<string> metricNames)
    {
        ParameterNames.Ensure(metric.Name, field + ".name");
        if (!metricNames.Add(metric.Name))
            throw new CaviarValidationException(field + ".name", $"duplicate metric '{metric.Name}'");
        Metrics.MetricRegex.Compile(metric.Regex, field + ".regex");
    }
}

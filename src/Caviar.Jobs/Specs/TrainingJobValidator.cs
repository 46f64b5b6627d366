using Caviar.BuiltIns;
using Caviar.SearchSpaces;
using Caviar.Validation;

namespace Caviar.Jobs.Specs;

/// <summary>Checks a training job spec; every refusal names the field (prefixed with <c>prefix</c>).</summary>
public static class TrainingJobValidator
{
    /// <param name="hostGpus">This host's GPUs, to refuse a job asking for more than it has; null where the job runs elsewhere.</param>
    public static void Validate(TrainingJobSpec spec, string baseDirectory, string prefix = "", bool nameRequired = true,
        Distributed.GpuInventory? hostGpus = null)
    {
        if (nameRequired || spec.Name is not null) SafeNames.EnsureJobName(spec.Name, prefix + "name");
        bool hasCommand = spec.Command is { Count: > 0 };
        if (!hasCommand && spec.Algorithm is null && spec.Image is null)
            throw new CaviarValidationException(prefix + "command",
                $"give a command (script mode), an image, or an algorithm ({string.Join(", ", BuiltInAlgorithmCatalog.Names)})");
        ContainerSpecValidator.Validate(spec, prefix);
        if (hasCommand && spec.Algorithm is not null)
            throw new CaviarValidationException(prefix + "algorithm", "give either command or algorithm, not both");
        foreach (var name in spec.HyperParameters.Keys) ParameterNames.Ensure(name, $"{prefix}hyperParameters.{name}");
        if (spec.Algorithm is not null)
            BuiltInAlgorithmCatalog.Get(spec.Algorithm, prefix + "algorithm")
                .CheckHyperParameters(spec.HyperParameters, prefix + "hyperParameters");
        if (spec.Algorithm is { } neural && NeuralPlugin.Algorithms.Contains(neural))
            NeuralPlugin.Require(prefix + "algorithm", neural);
        if (hasCommand && spec.Command!.Any(string.IsNullOrEmpty))
            throw new CaviarValidationException(prefix + "command", "must not contain empty entries");
        if (spec.WorkingDirectory is { } workDir && !Directory.Exists(Path.Combine(baseDirectory, workDir)))
            throw new CaviarValidationException(prefix + "workingDirectory", $"directory '{workDir}' does not exist");

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < spec.Channels.Count; i++)
        {
            var channel = spec.Channels[i];
            string field = $"{prefix}channels[{i}]";
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
        if (spec.Channels.Count(c => c.Stdin) > 1)
            throw new CaviarValidationException(prefix + "channels", "at most one channel can be streamed on stdin");

        var metricNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < spec.MetricDefinitions.Count; i++)
        {
            var metric = spec.MetricDefinitions[i];
            string field = $"{prefix}metricDefinitions[{i}]";
            ParameterNames.Ensure(metric.Name, field + ".name");
            if (!metricNames.Add(metric.Name))
                throw new CaviarValidationException(field + ".name", $"duplicate metric '{metric.Name}'");
            Metrics.MetricRegex.Compile(metric.Regex, field + ".regex");
        }
        if (!(spec.StoppingCondition.MaxRuntimeSeconds > 0))
            throw new CaviarValidationException(prefix + "stoppingCondition.maxRuntimeSeconds", "must be positive");
        if (spec.RetryStrategy.MaximumRetryAttempts is < 0 or > 30)
            throw new CaviarValidationException(prefix + "retryStrategy.maximumRetryAttempts", "must be between 0 and 30");
        Distributed.ResourcesValidator.Validate(spec, baseDirectory, prefix, hostGpus);
        foreach (var name in spec.Environment.Keys)
            if (name.StartsWith("CAVIAR_", StringComparison.Ordinal))
                throw new CaviarValidationException($"{prefix}environment.{name}", "CAVIAR_ variables are set by Caviar");
        ContainerSpecValidator.EnsureImage(spec, prefix);   // last: it asks the engine
    }
}

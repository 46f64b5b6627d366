using System.Globalization;
using System.Text.Json;
using Caviar.Validation;

namespace Caviar.Jobs.Specs;

/// <summary>
/// The checks and plumbing of a training job's <see cref="OptimizeSpec"/>: which jobs may have one, the metrics it
/// adds, a tuned <c>optimize.sparsity</c> taken out of a trial's hyperparameters into the step, and the JSON the runner
/// hands the neural plugin in <see cref="Variable"/>.
/// </summary>
public static class OptimizeStep
{
    /// <summary>The job's environment variable holding the step (the plugin's <c>TrialOptimization.Variable</c>).</summary>
    public const string Variable = "CAVIAR_OPTIMIZE";

    /// <summary>A tuned range named with this prefix sets the step's field of that name instead of a hyperparameter.</summary>
    public const string TunedPrefix = "optimize.";

    /// <summary>The step's field a range may tune.</summary>
    public const string TunedSparsity = "optimize.sparsity";

    /// <summary>The variants, as <c>caviar optimize</c> names them.</summary>
    public static IReadOnlyList<string> Variants { get; } = ["fp32", "int8", "int8-dynamic", "fp16", "pruned", "pruned-int8"];

    /// <summary>The metrics a measured step adds to its job's.</summary>
    public static IReadOnlyList<string> MeasuredMetrics { get; } =
        ["opt_accuracy", "latency_p50_ms", "latency_p99_ms", "throughput_per_s", "model_size_kib", "model_size_compressed_kib"];

    /// <summary>The metrics <paramref name="job"/>'s step adds (none without a step; only the two sizes when not measured).</summary>
    public static IReadOnlyList<string> MetricsOf(TrainingJobSpec job) =>
        job.Optimize is not { } step ? [] : step.Measure ? MeasuredMetrics : ["model_size_kib", "model_size_compressed_kib"];

    /// <summary>Adds every refusal of <paramref name="job"/>'s optimize step to <paramref name="errors"/>.</summary>
    internal static void Check(TrainingJobSpec job, string prefix, ValidationErrors errors)
    {
        if (job.Optimize is not { } step) return;
        string field = prefix + "optimize";
        if (job.Algorithm is not { } algorithm || !NeuralPlugin.Algorithms.Contains(algorithm) || job.Image is not null)
            errors.Add(field, $"applies only to the built-in {string.Join(" and ", NeuralPlugin.Algorithms.Order())} (what caviar optimize takes)");
        if (!Variants.Contains(step.Variant))
            errors.Add(field + ".variant", $"'{step.Variant}' is none of {string.Join(", ", Variants)}");
        errors.Check(() => CheckSparsity(step.Sparsity, field + ".sparsity"));
        if (step.TestExamples < 1) errors.Add(field + ".testExamples", "must be at least 1");
        if (step.CalibrationExamples < 1) errors.Add(field + ".calibrationExamples", "must be at least 1");
        if (step.Threads < 1) errors.Add(field + ".threads", "must be at least 1");
    }

    /// <summary>Refuses a sparsity outside [0, 1) under <paramref name="field"/>.</summary>
    public static void CheckSparsity(double sparsity, string field)
    {
        if (!(sparsity >= 0 && sparsity < 1))
            throw new CaviarValidationException(field, $"must be at least 0 and below 1, not {sparsity.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// <paramref name="job"/> with a trial's tuned <c>optimize.sparsity</c> moved into its step, and the trial's other
    /// values (the job's hyperparameters).
    /// </summary>
    public static (TrainingJobSpec Job, IReadOnlyDictionary<string, object>? HyperParameters) ApplyTuned(TrainingJobSpec job,
        IReadOnlyDictionary<string, object>? tuned)
    {
        if (tuned is null || !tuned.Keys.Any(k => k.StartsWith(TunedPrefix, StringComparison.Ordinal))) return (job, tuned);
        var rest = tuned.Where(p => !p.Key.StartsWith(TunedPrefix, StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value);
        if (job.Optimize is { } step && tuned.TryGetValue(TunedSparsity, out var sparsity))
            job = job with { Optimize = step with { Sparsity = Convert.ToDouble(Unwrapped(sparsity), CultureInfo.InvariantCulture) } };
        return (job, rest);
    }

    /// <summary>The JSON the runner puts in <see cref="Variable"/>.</summary>
    public static string Json(OptimizeSpec step) => JsonSerializer.Serialize(step, JsonSerializerOptions.Web);

    private static object Unwrapped(object value) => value is JsonElement element ? element.GetDouble() : value;
}

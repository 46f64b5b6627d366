using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Running;

/// <summary>
/// The variables a job is started with. CAVIAR_* are Caviar's names; the SM_* aliases let scripts written for
/// SageMaker's script mode run unchanged.
/// </summary>
internal static class JobEnvironment
{
    public static Dictionary<string, string> For(string jobName, int attempt, JobDirectory job, string checkpointDirectory,
        IReadOnlyDictionary<string, string> channelPaths, IReadOnlyDictionary<string, string> extra)
    {
        var variables = new Dictionary<string, string>(extra, StringComparer.Ordinal)
        {
            ["CAVIAR_JOB_NAME"] = jobName,
            ["CAVIAR_ATTEMPT"] = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CAVIAR_HYPERPARAMETERS"] = job.HyperParametersFile,
            ["CAVIAR_MODEL_DIR"] = job.ModelDirectory,
            ["CAVIAR_OUTPUT_DIR"] = job.OutputDirectory,
            ["CAVIAR_CHECKPOINT_DIR"] = checkpointDirectory,
            ["CAVIAR_METRICS_FILE"] = job.ReportedMetricsFile,
            ["CAVIAR_STOP_FILE"] = job.StopRequestFile,
            ["SM_MODEL_DIR"] = job.ModelDirectory,
            ["SM_OUTPUT_DATA_DIR"] = job.OutputDirectory,
        };
        foreach (var (name, path) in channelPaths) SetChannel(variables, name, path);
        variables["CAVIAR_CHANNELS"] = string.Join(",", channelPaths.Keys);
        return variables;
    }

    /// <summary>
    /// SageMaker's <c>SM_INPUT_DATA_CONFIG</c> (and <c>CAVIAR_INPUT_DATA_CONFIG</c>): per channel its input mode and
    /// distribution, <c>{"train": {"TrainingInputMode": "File", "S3DistributionType": "ShardedByS3Key"}}</c>
    /// (SageMaker's names: FullyReplicated or ShardedByS3Key).
    /// </summary>
    public static void SetInputDataConfig(Dictionary<string, string> variables, IEnumerable<ChannelSpec> channels)
    {
        string config = JsonSerializer.Serialize(channels.ToDictionary(c => c.Name, c => new Dictionary<string, string>
        {
            ["TrainingInputMode"] = c.InputMode.ToString(),
            ["S3DistributionType"] = c.Distribution == ChannelDistribution.ShardedByKey ? "ShardedByS3Key" : "FullyReplicated",
            ["RecordWrapperType"] = "None",
        }));
        variables["SM_INPUT_DATA_CONFIG"] = config;
        variables["CAVIAR_INPUT_DATA_CONFIG"] = config;
    }

    /// <summary>Points the channel's variables (CAVIAR_CHANNEL_NAME and SM_CHANNEL_NAME) at <paramref name="path"/>.</summary>
    public static void SetChannel(Dictionary<string, string> variables, string channel, string path)
    {
        string upper = channel.ToUpperInvariant().Replace('-', '_');
        variables[$"CAVIAR_CHANNEL_{upper}"] = path;
        variables[$"SM_CHANNEL_{upper}"] = path;
    }
}

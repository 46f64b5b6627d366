using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Caviar.Containers;

/// <summary>
/// SageMaker's container contract: where a training or serving container finds its inputs and puts its outputs, and
/// the files SageMaker writes for it. A job directory has the same layout below its root, so it is mounted at
/// <see cref="Root"/> as it is.
/// </summary>
public static class SageMakerContract
{
    /// <summary>Where the job directory is mounted in the container: SageMaker's root.</summary>
    public const string Root = "/opt/ml";
    /// <summary>Where a training container saves its model, and a serving container finds it.</summary>
    public const string ModelDirectory = "/opt/ml/model";
    /// <summary>Where a training container saves and finds its checkpoints.</summary>
    public const string CheckpointDirectory = "/opt/ml/checkpoints";
    /// <summary>Where the inputs are: the config and data folders.</summary>
    public const string InputDirectory = "/opt/ml/input";
    /// <summary>Where SageMaker's configuration files are (hyperparameters.json, resourceconfig.json).</summary>
    public const string ConfigDirectory = "/opt/ml/input/config";
    /// <summary>Where each channel's data is, one folder per channel.</summary>
    public const string DataDirectory = "/opt/ml/input/data";
    /// <summary>Where a training container writes its other outputs (SageMaker's failure file).</summary>
    public const string OutputDirectory = "/opt/ml/output";

    /// <summary>The argument the image's entrypoint gets to train.</summary>
    public const string TrainArgument = "train";

    /// <summary>The argument the image's entrypoint gets to serve.</summary>
    public const string ServeArgument = "serve";

    /// <summary>The port an inference container listens on (GET /ping, POST /invocations).</summary>
    public const int ServingPort = 8080;

    /// <summary>
    /// hyperparameters.json as SageMaker writes it: every value a string (numbers in their JSON text, strings as they
    /// are, anything else as its JSON text).
    /// </summary>
    public static string StringHyperParameters(JsonObject typed)
    {
        var strings = new JsonObject();
        foreach (var (name, value) in typed)
            strings[name] = value is JsonValue v && v.TryGetValue(out string? text) ? text : value?.ToJsonString() ?? "null";
        return strings.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>resourceconfig.json: this container's host name, every host of the job, and the network interface.</summary>
    public static string ResourceConfig(string currentHost, IReadOnlyList<string> hosts) =>
        new JsonObject
        {
            ["current_host"] = currentHost,
            ["hosts"] = new JsonArray([.. hosts.Select(h => (JsonNode?)JsonValue.Create(h))]),
            ["network_interface_name"] = "eth0",
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Text of an invariant number, for the variables that carry counts.</summary>
    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

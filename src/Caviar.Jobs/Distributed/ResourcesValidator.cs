using Caviar.Jobs.Specs;
using Caviar.Validation;

namespace Caviar.Jobs.Distributed;

/// <summary>Checks a job's <see cref="ResourcesSpec"/> and its channels' distribution; every refusal names the field.</summary>
public static class ResourcesValidator
{
    /// <summary>The most hosts or processes per host a job may ask for.</summary>
    public const int MaxCount = 1024;

    /// <summary>
    /// Built-ins that train on one process only (TorchSharp has no distributed backend; linear is ML.NET's). gbt
    /// trains on several with LightGBM's distributed learning.
    /// </summary>
    private static readonly string[] SingleProcessAlgorithms = ["mlp", "cnn", "linear"];

    public static void Validate(TrainingJobSpec spec, string baseDirectory, string prefix, GpuInventory? hostGpus)
    {
        var resources = spec.Resources ?? throw new CaviarValidationException(prefix + "resources", "must not be null");
        string field = prefix + "resources.";
        if (resources.InstanceCount is < 1 or > MaxCount)
            throw new CaviarValidationException(field + "instanceCount", $"must be between 1 and {MaxCount}");
        if (resources.ProcessesPerHost is < 1 or > MaxCount)
            throw new CaviarValidationException(field + "processesPerHost", $"must be between 1 and {MaxCount}");
        if (resources.GpusPerProcess is < 0 or > 64)
            throw new CaviarValidationException(field + "gpusPerProcess", "must be between 0 and 64");
        if (resources.CpusPerProcess is < 1 or > 4096)
            throw new CaviarValidationException(field + "cpusPerProcess", "must be between 1 and 4096");
        if (spec.Algorithm is { } algorithm && resources.WorldSize > 1 && SingleProcessAlgorithms.Contains(algorithm))
            throw new CaviarValidationException(field + "processesPerHost",
                $"the built-in '{algorithm}' trains on one process; for data or model parallel training use script " +
                "mode with PyTorch's torch.distributed (see examples/distributed)");
        if (hostGpus is not null && resources.GpusPerProcess > 0)
        {
            int needed = resources.GpusPerProcess * resources.ProcessesPerHost;
            if (hostGpus.Devices.Count == 0)
                throw new CaviarValidationException(field + "gpusPerProcess",
                    $"asks for {needed} GPU(s) per host but this host has none ({hostGpus.Source}); give --gpus or $CAVIAR_GPUS");
            if (needed > hostGpus.Devices.Count)
                throw new CaviarValidationException(field + "gpusPerProcess",
                    $"asks for {needed} GPU(s) per host ({resources.ProcessesPerHost} processes × {resources.GpusPerProcess}) " +
                    $"but this host has {hostGpus.Devices.Count} ({hostGpus.Source})");
        }

        for (int i = 0; i < spec.Channels.Count; i++)
        {
            var channel = spec.Channels[i];
            if (resources.WorldSize > 1 && channel.InputMode == InputMode.Pipe)
                throw new CaviarValidationException($"{prefix}channels[{i}].inputMode",
                    "Pipe mode streams to one process; a job with several processes needs File or FastFile");
            if (channel.Distribution != ChannelDistribution.ShardedByKey) continue;
            string channelField = $"{prefix}channels[{i}].distribution";
            if (channel.InputMode == InputMode.Pipe)
                throw new CaviarValidationException(channelField, "a Pipe channel streams one file and cannot be sharded");
            string path = Path.Combine(baseDirectory, channel.Path);
            if (!Directory.Exists(path))
            {
                if (resources.InstanceCount > 1)
                    throw new CaviarValidationException(channelField,
                        $"a single file cannot be sharded over {resources.InstanceCount} hosts; give a folder of files");
                continue;
            }
            int files = Directory.GetFiles(path).Length;
            if (files < resources.InstanceCount)
                throw new CaviarValidationException(channelField,
                    $"'{channel.Path}' has {files} file(s), fewer than the {resources.InstanceCount} hosts it is sharded over");
        }
    }
}

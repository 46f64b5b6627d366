using System.ComponentModel;
using Caviar.Jobs.Distributed;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>The --gpus option of commands that run jobs on this host.</summary>
internal class GpuSettings : ArtifactSettings
{
    [CommandOption("--gpus <LIST>")]
    [Description("This host's GPUs to give to jobs, e.g. 0,1,2,3 (\"\" for none); default: $CAVIAR_GPUS, else what nvidia-smi -L lists.")]
    public string? Gpus { get; init; }

    /// <summary>This host's GPUs (--gpus, else discovery); --gpus is handed to the runners through $CAVIAR_GPUS.</summary>
    public GpuInventory HostGpus()
    {
        if (Gpus is { } given)
        {
            GpuInventory.ParseList(given, "--gpus");
            Environment.SetEnvironmentVariable(GpuInventory.Variable, given);
        }
        return GpuInventory.Discover();
    }
}

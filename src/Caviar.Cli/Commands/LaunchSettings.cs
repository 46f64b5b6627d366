using System.ComponentModel;
using Caviar.Jobs.Launching;
using Caviar.Validation;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>Where trials' training jobs run: --launcher local (default) or slurm.</summary>
public class LaunchSettings : ArtifactSettings
{
    [CommandOption("--launcher <KIND>")]
    [Description("local (default): a detached process per job; slurm: an sbatch job per job (artifacts on a shared file system).")]
    public string Launcher { get; init; } = "local";

    [CommandOption("--partition <NAME>")]
    [Description("Slurm partition for --launcher slurm (default: the cluster's default).")]
    public string? Partition { get; init; }

    public ITrialLauncher CreateLauncher() => Launcher switch
    {
        "local" => new LocalProcessLauncher(RunnerCommand.OfCurrentProcess()),
        "slurm" => new SlurmLauncher(RunnerCommand.OfCurrentProcess(), Partition),
        _ => throw new CaviarValidationException("--launcher", $"'{Launcher}' is not local or slurm"),
    };
}

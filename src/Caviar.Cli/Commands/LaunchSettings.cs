using System.ComponentModel;
using Caviar.Jobs.Distributed;
using Caviar.Jobs.Launching;
using Caviar.Launchers.Kubernetes;
using Caviar.Validation;
using k8s;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>Where trials' training jobs run: --launcher local (default), slurm or kubernetes.</summary>
internal class LaunchSettings : GpuSettings
{
    [CommandOption("--launcher <KIND>")]
    [Description("local (default): a detached process per job; slurm: an sbatch job per job; kubernetes: a batch/v1 Job per job. " +
                 "For slurm and kubernetes the artifacts folder must be shared with the nodes.")]
    public string Launcher { get; init; } = "local";

    [CommandOption("--partition <NAME>")]
    [Description("Slurm partition for --launcher slurm (default: the cluster's default).")]
    public string? Partition { get; init; }

    [CommandOption("--k8s-namespace <NAME>")]
    [Description("Namespace of the Jobs for --launcher kubernetes (default: default).")]
    public string? KubernetesNamespace { get; init; }

    [CommandOption("--k8s-image <IMAGE>")]
    [Description("Image with the caviar command for --launcher kubernetes (default: caviar:latest).")]
    public string? KubernetesImage { get; init; }

    [CommandOption("--k8s-claim <NAME>")]
    [Description("PersistentVolumeClaim holding the artifacts folder, mounted at the same path (default: caviar-artifacts).")]
    public string? KubernetesClaim { get; init; }

    /// <summary>The GPUs to check a job's request against: this host's when jobs run here, else none known (null).</summary>
    public GpuInventory? GpusToCheck() => Launcher == "local" ? HostGpus() : null;

    /// <summary>The place --launcher names, for the spec checks that depend on it.</summary>
    public LauncherKind Kind() => Launcher switch
    {
        "local" => LauncherKind.Local,
        "slurm" => LauncherKind.Slurm,
        "kubernetes" => LauncherKind.Kubernetes,
        _ => throw new CaviarValidationException("--launcher", $"'{Launcher}' is not local, slurm or kubernetes"),
    };

    public ITrialLauncher CreateLauncher() => Launcher switch
    {
        "local" => new LocalProcessLauncher(RunnerCommand.OfCurrentProcess()),
        "slurm" => new SlurmLauncher(RunnerCommand.OfCurrentProcess(), Partition),
        "kubernetes" => CreateKubernetesLauncher(),
        _ => throw new CaviarValidationException("--launcher", $"'{Launcher}' is not local, slurm or kubernetes"),
    };

    private KubernetesLauncher CreateKubernetesLauncher()
    {
        var defaults = new KubernetesLauncherOptions();
        var settings = defaults with
        {
            Namespace = KubernetesNamespace ?? defaults.Namespace,
            Image = KubernetesImage ?? defaults.Image,
            ArtifactsClaim = KubernetesClaim ?? defaults.ArtifactsClaim,
        };
        return new KubernetesLauncher(new Kubernetes(KubernetesClientConfiguration.BuildDefaultConfig()), settings, ResolveArtifacts());
    }
}

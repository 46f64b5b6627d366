namespace Caviar.Launchers.Kubernetes;

/// <summary>Where and how trial jobs run on Kubernetes; defaults on each property.</summary>
public sealed record KubernetesLauncherOptions
{
    /// <summary>The Kubernetes namespace of the Jobs and Services. Default "default".</summary>
    public string Namespace { get; init; } = "default";
    /// <summary>An image with the caviar command (and whatever the training scripts need).</summary>
    public string Image { get; init; } = "caviar:latest";
    /// <summary>The command inside the image that starts caviar. Default ["caviar"].</summary>
    public List<string> RunnerCommand { get; init; } = ["caviar"];
    /// <summary>A PersistentVolumeClaim mounted at the same path as the artifacts folder here, shared with the pods.</summary>
    public string ArtifactsClaim { get; init; } = "caviar-artifacts";
    /// <summary>Container CPU request. Default "1".</summary>
    public string Cpu { get; init; } = "1";
    /// <summary>Container memory request. Default "2Gi".</summary>
    public string Memory { get; init; } = "2Gi";
}

namespace Caviar.Tests.HouseRules;

/// <summary>Which assembly carries which package: the jobs library none, the Kubernetes client only its launcher.</summary>
public class AssemblyRoomTests
{
    [Fact]
    public void Caviar_Jobs_references_no_package_and_the_kubernetes_client_only_its_launcher()
    {
        var jobs = typeof(Caviar.Jobs.Launching.JobRequest).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var kubernetes = typeof(Caviar.Launchers.Kubernetes.KubernetesLauncher).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(jobs, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Caviar.", StringComparison.Ordinal)
                                             || name is "netstandard" or "Microsoft.Win32.Primitives", $"Caviar.Jobs references {name}"));
        Assert.Contains("KubernetesClient", kubernetes);
    }
}

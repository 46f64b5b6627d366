using System.Diagnostics;

namespace Caviar.Tests.Support;

/// <summary>A single-node Slurm cluster on this machine, started by scripts/start-slurm.sh (which needs root).</summary>
public sealed class SlurmCluster
{
    public SlurmCluster()
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepositoryRoot.File("scripts/start-slurm.sh"));
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/start-slurm.sh failed: {output}");
    }
}

[CollectionDefinition(Name)]
public sealed class SlurmCollection : ICollectionFixture<SlurmCluster>
{
    public const string Name = "slurm";
}

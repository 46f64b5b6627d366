using System.Diagnostics;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Hardening;

/// <summary>The short form of scripts/chaos.sh: a few kills of every kind and one full disk, then every invariant checked.</summary>
[Collection(PostgresCollection.Name)]   // not beside the other PostgreSQL tests: it starts its own server and many processes
[Trait("Needs", "postgres")]
public class ChaosTests
{
    [TmpfsFact]
    public void A_short_chaos_run_keeps_every_invariant()
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var arg in new[] { RepositoryRoot.File("scripts/chaos.sh"), "16", "12" }) start.ArgumentList.Add(arg);
        start.Environment["CAVIAR"] = $"dotnet {CliRunner.CaviarDll}";
        start.Environment["SEED"] = "7";
        using var chaos = Process.Start(start)!;
        var output = chaos.StandardOutput.ReadToEndAsync();
        var error = chaos.StandardError.ReadToEndAsync();
        if (!chaos.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            chaos.Kill(entireProcessTree: true);
            throw new TimeoutException("chaos.sh did not finish: " + output.Result);
        }
        string all = output.Result + error.Result;
        // Every invariant of scripts/chaos.sh (RELIABILITY.md).
        Assert.Contains("kills: 16", all);
        foreach (var invariant in new[]
                 {
                     "ok   trial count exact", "ok   trial numbers unique", "ok   every trial has its values (0)",
                     "ok   second tuners that ran beside a live owner (0)", "ok   no trial left Running or Waiting (0)",
                     "ok   completed trials whose job never completed (0)",
                     "ok   completed trials whose job completed more than once (0)",
                     "ok   completed trials whose stored value differs from the printed one (0)",
                 })
            Assert.True(all.Contains(invariant, StringComparison.Ordinal), $"missing '{invariant}':\n{all}");
    }
}

using System.Diagnostics;
using System.Text.Json;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

/// <summary>Runs one of the Playwright scripts in tests/dashboard-e2e (node, Debian's Chromium) and reads its JSON report.</summary>
public static class PlaywrightScript
{
    public static async Task<JsonElement> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepositoryRoot.File($"tests/dashboard-e2e/{script}"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try { await node.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish: {await error}");
        }
        Assert.True(node.ExitCode == 0, await output + await error);
        using var report = JsonDocument.Parse(await output);
        return report.RootElement.Clone();
    }
}

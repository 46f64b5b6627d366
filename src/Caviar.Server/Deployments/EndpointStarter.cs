using System.Diagnostics;
using Caviar.Serving.Registry;
using Caviar.Validation;

namespace Caviar.Server.Deployments;

/// <summary>
/// Starts <c>caviar deploy</c> for the API as a process of its own session (<c>setsid</c>), so an endpoint outlives the
/// API server like one started from the command line (<c>caviar endpoints</c> and <c>caviar undeploy</c> see it).
/// Its output goes to ARTIFACTS/endpoints/NAME.log; the token reaches it through its environment, not its command
/// line. Returns once <c>/ping</c> answers 200; an endpoint that exits first is refused with its own error line.
/// <paramref name="clock"/> times the wait (default the system clock).
/// </summary>
internal sealed class EndpointStarter(IReadOnlyList<string> caviarCommand, string artifactsRoot, string token, TimeProvider? clock = null)
{
    /// <summary>How long an endpoint may take to load, listen and warm up its models (120 s).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    public async Task<EndpointRecord> StartAsync(string name, IReadOnlyList<string> deployArguments, CancellationToken cancellation)
    {
        var registry = EndpointRegistry.Under(artifactsRoot);
        Directory.CreateDirectory(registry.Directory);
        string log = Path.Combine(registry.Directory, name + ".log");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$@\" </dev/null >\"$CAVIAR_ENDPOINT_LOG\" 2>&1");
        start.ArgumentList.Add("caviar-endpoint");
        foreach (var part in caviarCommand) start.ArgumentList.Add(part);
        foreach (var part in (string[])["deploy", name, "--artifacts", artifactsRoot, .. deployArguments]) start.ArgumentList.Add(part);
        start.Environment["CAVIAR_ENDPOINT_LOG"] = log;
        start.Environment["CAVIAR_API_TOKEN"] = token;
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();

        var time = clock ?? TimeProvider.System;
        var deadline = time.GetUtcNow() + StartTimeout;
        while (true)
        {
            if (registry.Find(name) is { } record && record.ProcessId == process.Id && await AnswersPing(record, cancellation).ConfigureAwait(false))
                return record;
            if (process.HasExited) throw new CaviarValidationException("model", $"the endpoint did not start: {ErrorOf(log)}");
            if (time.GetUtcNow() > deadline)
            {
                process.Kill();
                throw new CaviarValidationException("model", $"the endpoint was not ready within {StartTimeout.TotalSeconds:0} s; its log: {log}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellation).ConfigureAwait(false);
        }
    }

    private static async Task<bool> AnswersPing(EndpointRecord record, CancellationToken cancellation)
    {
        using var client = EndpointClient.For(record);
        try
        {
            using var ping = await client.GetAsync("/ping", cancellation).ConfigureAwait(false);
            return ping.IsSuccessStatusCode;
        }
        catch (HttpRequestException) { return false; }
    }

    /// <summary>The endpoint's <c>error: …</c> line, else the end of its log.</summary>
    private static string ErrorOf(string log)
    {
        var lines = File.Exists(log) ? File.ReadAllLines(log) : [];
        var error = lines.LastOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal));
        return error?["error: ".Length..] ?? string.Join(" ", lines.TakeLast(5)).Trim() switch { "" => "it exited without a message", var tail => tail };
    }
}

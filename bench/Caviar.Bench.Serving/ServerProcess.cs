using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Caviar.Bench.Serving;

/// <summary>A server under load: started, waited for (<c>/ping</c> 200), measured (peak resident memory), stopped.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process process;
    public string Name { get; }
    public string Url { get; }

    public ServerProcess(string name, string url, string program, IEnumerable<string> args)
    {
        Name = name;
        Url = url;
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"[{name}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public async Task WaitReady(string? token)
    {
        using var client = new HttpClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited ({process.ExitCode})");
            try
            {
                if ((await client.GetAsync(Url + "/ping")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} never answered /ping");
    }

    /// <summary>Peak resident memory (VmHWM) of the server process, in MiB.</summary>
    public double PeakRssMiB()
    {
        var line = File.ReadAllLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
    }
}

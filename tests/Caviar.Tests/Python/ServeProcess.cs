using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Python;

/// <summary>A real <c>caviar serve</c> process on a free loopback port, over a SQLite store in a temporary folder.</summary>
internal sealed class ServeProcess : IDisposable
{
    public const string Token = "python-client-token";

    private readonly Process _process;

    private ServeProcess(Process process, TempDirectory dir, string url)
    {
        _process = process;
        Directory = dir;
        Url = url;
    }

    public TempDirectory Directory { get; }
    public string Url { get; }
    public string Artifacts => Directory.File("artifacts");

    public static async Task<ServeProcess> StartAsync()
    {
        var dir = new TempDirectory();
        int port = FreePort();
        string url = $"http://127.0.0.1:{port}";
        var process = CliRunner.Start(dir.Path, "serve", "--urls", url, "--token", Token,
            "--store", dir.File("caviar.db"), "--artifacts", dir.File("artifacts"),
            "--data-root", System.IO.Path.Combine(RepositoryRoot.Path, "clients", "python", "tests", "jobs"));   // the script job's channel
        var serve = new ServeProcess(process, dir, url);
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await client.GetAsync(url + "/api/tuning-jobs")).IsSuccessStatusCode) return serve;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited) { }
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Dispose();
    }
}

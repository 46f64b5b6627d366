using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Server;
using Caviar.Tests.Support;

namespace Caviar.Tests.Cli;

/// <summary><c>caviar serve</c> as a real process: its body limit, its memory under large bodies, and --data-root.</summary>
public class CliServeTests
{
    private const string Token = "serve-token";

    private sealed class Served(Process process, HttpClient client) : IDisposable
    {
        public Process Process { get; } = process;
        public HttpClient Client { get; } = client;

        /// <summary>Resident memory now and at its peak, in bytes (Linux /proc).</summary>
        public (long Now, long Peak) Memory()
        {
            var lines = File.ReadAllLines($"/proc/{Process.Id}/status");
            long Kb(string key) => long.Parse(lines.Single(l => l.StartsWith(key + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            return (Kb("VmRSS"), Kb("VmHWM"));
        }

        public void Dispose()
        {
            Client.Dispose();
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
            Process.Dispose();
        }
    }

    private static async Task<Served> Serve(TempDirectory dir, params string[] extra)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        string url = $"http://127.0.0.1:{port}";
        var process = CliRunner.Start(dir.Path, ["serve", "--urls", url, "--token", Token, "--store", dir.File("caviar.db"),
            "--artifacts", dir.File("artifacts"), .. extra]);
        var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var served = new Served(process, client);
        await Eventually.True(() =>
        {
            if (process.HasExited) throw new InvalidOperationException("caviar serve exited: " + process.StandardError.ReadToEnd());
            try { return client.GetAsync("/api/tuning-jobs").Result.StatusCode == HttpStatusCode.OK; }
            catch (AggregateException) { return false; }
        }, timeoutSeconds: 60);
        return served;
    }

    private static string Head(Uri server, long length) => $"""
        POST /api/tuning-jobs HTTP/1.1
        Host: {server.Authority}
        Authorization: Bearer {Token}
        Content-Type: application/json
        Content-Length: {length}

        """;

    [Fact]
    public async Task Bodies_of_100_and_29_MB_are_refused_with_413_without_the_server_growing()
    {
        using var dir = new TempDirectory();
        using var served = await Serve(dir);
        long before = served.Memory().Now;

        foreach (long size in new[] { 100L << 20, 29L << 20 })
        {
            var reply = await RawHttp.SendAsync(served.Client.BaseAddress!, Head(served.Client.BaseAddress!, size), RawHttp.Filler(size, (byte)'['));
            Assert.Equal(413, reply.Status);
            Assert.Contains("limit of 1048576 bytes (1 MiB)", reply.Body);
            Assert.True(reply.Body.Length < 500, reply.Body);
            Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/api/tuning-jobs")).StatusCode);   // still answering
        }
        long grown = served.Memory().Peak - before;
        Assert.True(grown < 64L << 20, $"the server's resident memory grew by {grown >> 20} MiB");
    }

    [Fact]
    public async Task Max_body_bytes_and_data_root_are_applied()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("data"));
        File.WriteAllText(dir.File("data/train.csv"), "1\n");
        Directory.CreateDirectory(dir.File("more"));
        File.WriteAllText(dir.File("more/test.csv"), "1\n");
        File.WriteAllText(dir.File("elsewhere.csv"), "1\n");
        using var served = await Serve(dir, "--max-body-bytes", "2048", "--data-root", dir.File("data"), "--data-root", "more");

        string Job(string name, string channel) => JsonSerializer.Serialize(new
        {
            name, command = new[] { "/bin/true" }, channels = new[] { new { name = "train", path = channel } },
        });
        var inside = await served.Client.PostAsync("/api/training-jobs", new StringContent(Job("inside", "data/train.csv"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, inside.StatusCode);
        var second = await served.Client.PostAsync("/api/training-jobs", new StringContent(Job("second", "more/test.csv"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var outside = await served.Client.PostAsync("/api/training-jobs", new StringContent(Job("outside", "elsewhere.csv"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("\"field\":\"channels[0].path\"", await outside.Content.ReadAsStringAsync());

        var large = await served.Client.PostAsync("/api/training-jobs", new StringContent(Job("large", new string('a', 3000)), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("limit of 2048 bytes (2 KiB)", await large.Content.ReadAsStringAsync());
    }

    [Fact]
    public void A_server_option_refused_by_the_server_is_named_by_its_flag()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(dir.Path, "serve", "--token", Token, "--store", dir.File("caviar.db"), "--max-body-bytes", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --max-body-bytes: must be positive", result.All);
    }

    [Fact]
    public void A_data_root_that_is_no_directory_is_refused_at_start()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(dir.Path, "serve", "--token", Token, "--store", dir.File("caviar.db"), "--data-root", dir.File("missing"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --data-root:", result.All);
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Cli;

namespace Caviar.Tests.Serving;

/// <summary>A real <c>caviar deploy</c> process on a free loopback port, with a client that sends its token.</summary>
public sealed class EndpointProcess : IDisposable
{
    public const string Token = "serving-test-token";

    private readonly StringBuilder output = new();
    public Process Process { get; }
    public string Name { get; }
    public string Artifacts { get; }
    public string Url { get; private set; } = "";
    public HttpClient Client { get; private set; } = new();
    public string Output { get { lock (output) return output.ToString(); } }

    private EndpointProcess(string artifacts, string name, string[] args)
    {
        Artifacts = artifacts;
        Name = name;
        Process = CliRunner.Start(artifacts, ["deploy", name, "--port", "0", "--token", Token, "--artifacts", artifacts, .. args]);
        Process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        Process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public string RegistryFile => Path.Combine(Artifacts, "endpoints", Name + ".json");

    /// <summary>Starts the endpoint and returns once <c>/ping</c> answers 200 (the models are warm).</summary>
    public static async Task<EndpointProcess> Start(string artifacts, string name, params string[] args)
    {
        var endpoint = new EndpointProcess(artifacts, name, args);
        try
        {
            await endpoint.WaitReady();
            return endpoint;
        }
        catch
        {
            endpoint.Dispose();
            throw;
        }
    }

    private async Task WaitReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (Url.Length == 0)
        {
            if (Process.HasExited) throw new InvalidOperationException($"the endpoint exited ({Process.ExitCode}): {Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no registry entry: {Output}");
            try
            {
                using var record = JsonDocument.Parse(File.ReadAllText(RegistryFile));
                Url = record.RootElement.GetProperty("Url").GetString()!;
            }
            catch (IOException) { await Task.Delay(50); }
        }
        Client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        while (true)
        {
            using var ping = await Client.GetAsync("/ping");
            if (ping.IsSuccessStatusCode) return;
            if (Process.HasExited) throw new InvalidOperationException($"the endpoint exited ({Process.ExitCode}): {Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"/ping never answered 200: {Output}");
            await Task.Delay(50);
        }
    }

    public Task<HttpResponseMessage> Invoke(string body, string contentType, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> InferV2(object body) =>
        Client.PostAsync($"/v2/models/{Name}/infer", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    public void Dispose()
    {
        Client.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(10_000);
        }
        Process.Dispose();
    }
}

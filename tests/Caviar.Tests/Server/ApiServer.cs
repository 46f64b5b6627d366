using System.Net.Http.Headers;
using Caviar.Jobs.Launching;
using Caviar.Server;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Caviar.Tests.Server;

/// <summary>The real API on a free loopback port over a SQLite store in a temporary folder.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    public const string Token = "test-token-123";

    private readonly WebApplication _app;

    private ApiServer(WebApplication app, TempDirectory dir, HttpClient client)
    {
        _app = app;
        Directory = dir;
        Client = client;
    }

    public TempDirectory Directory { get; }
    public HttpClient Client { get; }

    /// <summary>Starts it; <paramref name="configure"/> may change the options (its argument: the temporary folder).</summary>
    public static async Task<ApiServer> StartAsync(Func<ServerOptions, TempDirectory, ServerOptions>? configure = null)
    {
        var dir = new TempDirectory();
        var options = new ServerOptions
        {
            Url = "http://127.0.0.1:0", Token = Token, OpenStore = () => SqliteStudyStore.Open(dir.File("caviar.db")),
            ArtifactsRoot = dir.File("artifacts"), Launcher = new InProcessLauncher(TimeProvider.System), BaseDirectory = dir.Path,
        };
        var app = CaviarApi.Build(configure is null ? options : configure(options, dir));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return new ApiServer(app, dir, client);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Client.Dispose();
        Directory.Dispose();
    }
}

using Caviar.Serving.Http;
using Caviar.Serving.Registry;
using Caviar.Serving.Variants;
using Caviar.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Caviar.Serving;

/// <summary>
/// Runs an endpoint until it is stopped: loads the models (refusing a missing or corrupt one before listening),
/// listens, warms the models up (<c>/ping</c> answers 503 until then), enters the registry, and leaves it on stop.
/// </summary>
public static class EndpointHost
{
    public static async Task RunAsync(EndpointOptions options, Action<InferenceEndpoint> onListening, CancellationToken cancellation)
    {
        var registry = options.RegistryDirectory is { } directory ? new EndpointRegistry(directory) : null;
        if (registry?.Find(options.Name) is { } running)
            throw new CaviarValidationException("NAME", $"endpoint '{options.Name}' already runs at {running.Url} (process {running.ProcessId}); use --update or undeploy it");
        await using var endpoint = InferenceEndpoint.Load(options);
        var app = EndpointApp.Build(endpoint);
        try
        {
            await app.StartAsync(cancellation);
        }
        catch (IOException error)
        {
            await app.DisposeAsync();
            throw new CaviarValidationException("--port", $"cannot listen on {options.Host}:{options.Port}: {error.Message}");
        }
        await using var _ = app;
        string url = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First() : $"http://{options.Host}:{options.Port}";
        url = url.Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        endpoint.Url = url;
        SaveRecord(endpoint);
        onListening(endpoint);
        await Task.Run(endpoint.WarmUp, cancellation);
        try
        {
            await app.WaitForShutdownAsync(cancellation);
        }
        finally
        {
            registry?.Remove(options.Name, Environment.ProcessId);
        }
    }

    /// <summary>Writes the endpoint's registry file with its current variants (after start and after every update).</summary>
    public static void SaveRecord(InferenceEndpoint endpoint)
    {
        if (endpoint.Options.RegistryDirectory is not { } directory || endpoint.Url is not { } url) return;
        new EndpointRegistry(directory).Save(new EndpointRecord(endpoint.Name, Environment.ProcessId, url, endpoint.Options.Token,
            endpoint.Variants.Select(v => new VariantSpec(v.Name, v.Model.Path, v.Weight)).ToList(), endpoint.Options.Clock.GetUtcNow()));
    }
}

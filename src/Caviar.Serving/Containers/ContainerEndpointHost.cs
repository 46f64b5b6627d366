using System.Diagnostics;
using System.Net;
using Caviar.Serving.Http;
using Caviar.Serving.Registry;
using Caviar.Serving.Variants;
using Caviar.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Caviar.Serving.Containers;

/// <summary>
/// Runs an endpoint in front of an inference container until stopped: starts the container and waits for its /ping
/// (refusing one that exits or never answers, before Caviar listens), then serves SageMaker's protocol with Caviar's
/// token, /metrics, the registry and /admin/shutdown, passing /ping and /invocations to the container (body,
/// Content-Type and Accept as sent; its status, type and body back). The endpoint ends when its container does.
/// </summary>
public static class ContainerEndpointHost
{
    /// <summary>The variant name an image endpoint's requests are counted under.</summary>
    public const string VariantName = VariantSpec.DefaultName;

    public static async Task RunAsync(ContainerEndpointOptions options, Action<string> onListening, CancellationToken cancellation)
    {
        var registry = options.RegistryDirectory is { } directory ? new EndpointRegistry(directory) : null;
        if (registry?.Find(options.Name) is { } running)
            throw new CaviarValidationException("NAME", $"endpoint '{options.Name}' already runs at {running.Url} (process {running.ProcessId}); undeploy it first");
        string logFile = Path.Combine(options.RegistryDirectory ?? Path.GetTempPath(), options.Name + ".container.log");
        using var client = new HttpClient { Timeout = options.InvocationTimeout };
        await using var container = ServingContainer.Start(options, logFile);
        await container.WaitReadyAsync(client, options.StartTimeout, options.Clock, cancellation);

        var metrics = new EndpointMetrics();
        await using var app = Build(options, container, client, metrics);
        try
        {
            await app.StartAsync(cancellation);
        }
        catch (IOException error)
        {
            throw new CaviarValidationException("--port", $"cannot listen on {options.Host}:{options.Port}: {error.Message}");
        }
        string url = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First() : $"http://{options.Host}:{options.Port}";
        registry?.Save(new EndpointRecord(options.Name, Environment.ProcessId, url, options.Token,
            [new VariantSpec(VariantName, $"image {options.Image}, model {Path.GetFullPath(options.ModelDirectory)}", 1)], options.Clock.GetUtcNow()));
        onListening(url);
        var lifetime = (IHostApplicationLifetime)app.Services.GetService(typeof(IHostApplicationLifetime))!;
        _ = container.Exited.ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default);
        try
        {
            await app.WaitForShutdownAsync(cancellation);
        }
        finally
        {
            registry?.Remove(options.Name, Environment.ProcessId);
        }
        if (container.HasExited)
            throw new CaviarValidationException("--image", $"the container exited while serving: {container.LastLines()}");
    }

    private static WebApplication Build(ContainerEndpointOptions options, ServingContainer container, HttpClient client,
        EndpointMetrics metrics)
    {
        var app = EndpointWebApp.Create(options.Host, options.Port, options.MaxBodyBytes, options.Token);
        var forwarding = new ContainerForwarding(client);
        app.MapGet("/ping", async () =>
        {
            try
            {
                using var ping = await forwarding.SendAsync(
                    () => new HttpRequestMessage(HttpMethod.Get, new Uri(container.Url, "/ping")), CancellationToken.None);
                return ping.IsSuccessStatusCode ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            catch (HttpRequestException) { return Results.StatusCode(StatusCodes.Status503ServiceUnavailable); }
        });
        app.MapPost("/invocations", context => Invoke(context, options, container, forwarding, metrics));
        app.MapMetrics("/metrics", metrics.Registry);
        app.MapPost("/admin/shutdown", (IHostApplicationLifetime lifetime) =>
        {
            lifetime.StopApplication();
            return Results.Accepted();
        });
        return app;
    }

    private static async Task Invoke(HttpContext context, ContainerEndpointOptions options, ServingContainer container,
        ContainerForwarding forwarding, EndpointMetrics metrics)
    {
        var watch = Stopwatch.StartNew();
        int status;
        try
        {
            var body = await RequestBody.ReadAsync(context.Request, options.MaxBodyBytes);
            HttpRequestMessage Forwarded()
            {
                var forwarded = new HttpRequestMessage(HttpMethod.Post, new Uri(container.Url, "/invocations"))
                {
                    Content = new ByteArrayContent(body),
                };
                if (context.Request.ContentType is { Length: > 0 } type)
                    forwarded.Content.Headers.TryAddWithoutValidation("Content-Type", type);
                if (context.Request.Headers.Accept.ToString() is { Length: > 0 } accept)
                    forwarded.Headers.TryAddWithoutValidation("Accept", accept);
                return forwarded;
            }
            using var answer = await forwarding.SendAsync(Forwarded, context.RequestAborted);
            status = (int)answer.StatusCode;
            context.Response.StatusCode = status;
            if (answer.Content.Headers.ContentType is { } answerType) context.Response.ContentType = answerType.ToString();
            await context.Response.Body.WriteAsync(await answer.Content.ReadAsByteArrayAsync(context.RequestAborted));
        }
        catch (InferenceException refused)
        {
            status = refused.Status;
            await Refusals.WriteAsync(context, status, refused.Message);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            status = StatusCodes.Status502BadGateway;
            await Refusals.WriteAsync(context, status, $"the container did not answer: {ContainerFailure.Describe(error)}");
        }
        if (status is >= 200 and < 300)
        {
            metrics.Requests.WithLabels(VariantName, "sagemaker").Inc();
            metrics.Latency.WithLabels(VariantName).Observe(watch.Elapsed.TotalSeconds);
        }
        else metrics.Errors.WithLabels(VariantName, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
    }
}

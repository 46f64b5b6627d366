using System.Diagnostics;
using System.Net;
using Caviar.Serving.Models;
using Caviar.Serving.Protocols;
using Caviar.Serving.Variants;
using Caviar.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Caviar.Serving.Http;

/// <summary>
/// The endpoint's HTTP server (Kestrel): SageMaker's container protocol (<c>/ping</c>, <c>/invocations</c>), the Open
/// Inference Protocol (<c>/v2/...</c>), <c>/metrics</c>, and <c>/admin</c> for <c>caviar deploy --update</c> and
/// <c>caviar undeploy</c>. Every answer to an inference names its variant in <see cref="VariantHeader"/>.
/// </summary>
internal static class EndpointApp
{
    public const string VariantHeader = "X-Caviar-Variant";

    /// <summary>A request may pick its variant, as SageMaker's TargetVariant does.</summary>
    public const string TargetVariantHeader = "X-Caviar-Target-Variant";

    public static WebApplication Build(InferenceEndpoint endpoint)
    {
        var options = endpoint.Options;
        var app = EndpointWebApp.Create(options.Host, options.Port, options.MaxBodyBytes, options.Token);

        app.MapGet("/ping", () => endpoint.Ready ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        app.MapPost("/invocations", context => Serve(context, endpoint, "sagemaker", async (variant, body, predict) =>
        {
            string type = MediaTypes.Of(context.Request);
            string accept = MediaTypes.Accepted(context.Request, type);
            int features = variant.Model.FeatureCount;
            var rows = type == MediaTypes.Csv ? CsvRows.Parse(body, features) : JsonInstances.Parse(body, features);
            var outputs = await predict(rows.Values, rows.Count);
            return (accept == MediaTypes.Csv ? PredictionWriter.Csv(outputs, rows.Count) : PredictionWriter.Json(outputs, rows.Count), accept);
        }));

        app.MapGet("/v2/health/live", () => Results.Ok(new { live = true }));
        app.MapGet("/v2/health/ready", () => endpoint.Ready ? Results.Ok(new { ready = true }) : Results.Json(new { ready = false }, statusCode: 503));
        app.MapGet("/v2", () => Results.Ok(new { name = "caviar", version = typeof(EndpointApp).Assembly.GetName().Version?.ToString(), extensions = Array.Empty<string>() }));
        foreach (string model in new[] { "/v2/models/{name}", "/v2/models/{name}/versions/{version}" })
        {
            app.MapGet(model, (string name, string? version) => Unknown(endpoint, name, version) is { } refusal
                ? Results.Json(new { error = refusal.Message }, statusCode: refusal.Status)
                : Results.Ok(V2Responses.Metadata(name, endpoint.Variants[0].Model)));
            app.MapGet(model + "/ready", (string name, string? version) => Unknown(endpoint, name, version) is { } refusal
                ? Results.Json(new { error = refusal.Message }, statusCode: refusal.Status)
                : endpoint.Ready ? Results.Ok(new { name, ready = true }) : Results.Json(new { name, ready = false }, statusCode: 503));
            app.MapPost(model + "/infer", context => Serve(context, endpoint, "v2", async (variant, body, predict) =>
            {
                string name = (string)context.Request.RouteValues["name"]!;
                if (Unknown(endpoint, name, context.Request.RouteValues["version"] as string) is { } refusal) throw refusal;
                var request = V2InferRequest.Parse(body, variant.Model);
                var outputs = await predict(request.Rows.Values, request.Rows.Count);
                return (V2Responses.Infer(name, request.Id, outputs, request.RequestedOutputs), MediaTypes.Json);
            }));
        }

        app.MapMetrics("/metrics", endpoint.Metrics.Registry);
        AdminEndpoints.Map(app, endpoint);
        return app;
    }

    /// <summary>
    /// Answers one inference request: picks the variant, reads the body and hands it to <paramref name="answer"/>,
    /// which parses it and calls the predictor it is given (that queues the rows on the variant's batcher).
    /// </summary>
    private static async Task Serve(HttpContext context, InferenceEndpoint endpoint, string protocol,
        Func<ServedVariant, byte[], Func<float[], int, Task<IReadOnlyList<OutputTensor>>>, Task<(byte[] Body, string Type)>> answer)
    {
        long started = Stopwatch.GetTimestamp();
        string label = "none";
        bool arrived = false;
        endpoint.Arrivals.Coming();
        try
        {
            var variant = PickVariant(context.Request, endpoint);
            label = variant.Name;
            context.Response.Headers[VariantHeader] = variant.Name;
            var body = await RequestBody.ReadAsync(context.Request, endpoint.Options.MaxBodyBytes);
            var (bytes, type) = await answer(variant, body, (features, rows) =>
            {
                arrived = true;
                endpoint.Arrivals.Arrived();
                return variant.Predict(features, rows);
            });
            context.Response.ContentType = type;
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes);
            endpoint.Metrics.Requests.WithLabels(variant.Name, protocol).Inc();
            endpoint.Metrics.Latency.WithLabels(variant.Name).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (InferenceException refused)
        {
            await Refuse(context, endpoint, label, refused.Status, refused.Message);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Caviar.Serving").LogError(error, "inference failed");
            await Refuse(context, endpoint, label, 500, $"inference failed: {error.Message}");
        }
        finally
        {
            if (!arrived) endpoint.Arrivals.Arrived();
        }
    }

    /// <summary>Why <c>/v2/models/NAME[/versions/VERSION]</c> names no model here (404), or null when it names this endpoint's.</summary>
    private static InferenceException? Unknown(InferenceEndpoint endpoint, string name, string? version) =>
        name != endpoint.Name ? new InferenceException(404, $"no model named '{name}' (this endpoint serves '{endpoint.Name}')")
        : version is not null && version != V2Responses.Version
            ? new InferenceException(404, $"model '{name}' has no version '{version}' (it has {V2Responses.Version})")
            : null;

    private static ServedVariant PickVariant(HttpRequest request, InferenceEndpoint endpoint)
    {
        string target = request.Headers[TargetVariantHeader].ToString();
        if (target.Length == 0) return TrafficSplit.Pick(endpoint.Variants, Random.Shared);
        return endpoint.Find(target) ?? throw new InferenceException(400,
            $"{TargetVariantHeader}: no variant named '{target}' (there are {string.Join(", ", endpoint.Variants.Select(v => v.Name))})");
    }

    private static async Task Refuse(HttpContext context, InferenceEndpoint endpoint, string variant, int status, string reason)
    {
        endpoint.Metrics.Errors.WithLabels(variant, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        await Refusals.WriteAsync(context, status, reason);
    }
}

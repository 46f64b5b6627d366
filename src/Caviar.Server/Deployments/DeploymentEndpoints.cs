using System.Globalization;
using Caviar.Jobs.Specs;
using Caviar.Serving.Batching;
using Caviar.Serving.Models;
using Caviar.Serving.Registry;
using Caviar.Serving.Variants;
using Caviar.Server.Security;
using Caviar.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Caviar.Server.Deployments;

/// <summary>
/// /api/endpoints: the deploy verbs of the command line over HTTP — create (a <c>caviar deploy</c> process, serving
/// with the API's token), list, describe, put a variant (add one, or swap its model without dropping requests) and
/// delete (undeploy). Model paths must lie under the artifacts folder or a data root; every field is checked before a
/// process starts.
/// </summary>
internal static class DeploymentEndpoints
{
    public static void Map(IEndpointRouteBuilder api, ServerOptions options, JobPathConfinement confinement)
    {
        var registry = EndpointRegistry.Under(options.ArtifactsRoot);
        var starter = new EndpointStarter(options.CaviarCommand, options.ArtifactsRoot, options.Token, options.Clock);
        var creating = new SemaphoreSlim(1, 1);

        api.MapPost("/endpoints", async (HttpRequest request, CancellationToken cancellation) =>
        {
            var body = await ApiErrors.ReadBody<CreateEndpointRequest>(request);
            SafeNames.EnsureJobName(body.Name, "name");
            var arguments = DeployArguments(body, options, confinement);
            await creating.WaitAsync(cancellation);
            try
            {
                if (registry.Find(body.Name!) is { } running)
                    throw new CaviarConflictException("name", $"endpoint '{body.Name}' already runs at {running.Url}: delete it or put a variant");
                var record = await starter.StartAsync(body.Name!, arguments, cancellation);
                return Results.Created($"/api/endpoints/{record.Name}", Describe(record));
            }
            finally
            {
                creating.Release();
            }
        });

        api.MapGet("/endpoints", () => Results.Ok(registry.List().Select(Describe).ToList()));

        api.MapGet("/endpoints/{name}", (string name) => Find(registry, name) is { } record
            ? Results.Ok(Describe(record))
            : ApiErrors.NotFound("name", $"no running endpoint named '{name}'"));

        api.MapPut("/endpoints/{name}/variants/{variant}", async (string name, string variant, HttpRequest request) =>
        {
            var body = await ApiErrors.ReadBody<PutVariantRequest>(request);
            if (Find(registry, name) is not { } record) return ApiErrors.NotFound("name", $"no running endpoint named '{name}'");
            string model = ModelOf(body.Model, body.TrainingJob, body.TuningJob, "", options, confinement)
                           ?? throw new CaviarValidationException("model", "give one of model, trainingJob and tuningJob");
            double weight = body.Weight ?? record.Variants.FirstOrDefault(v => v.Name == variant)?.Weight ?? 1;
            var spec = Validated(new VariantSpec(variant, model, weight), "variant");
            await EndpointControl.PutVariantAsync(record, spec, "model");
            return Results.Ok(Describe(registry.Find(name) ?? record));
        });

        api.MapDelete("/endpoints/{name}", async (string name) =>
        {
            if (Find(registry, name) is not { } record) return ApiErrors.NotFound("name", $"no running endpoint named '{name}'");
            await EndpointControl.StopAsync(registry, record);
            return Results.Ok(new { name, stopped = true });
        });
    }

    private static EndpointRecord? Find(EndpointRegistry registry, string name)
    {
        SafeNames.EnsureJobName(name, "name");   // refuses names that could leave the registry folder
        return registry.Find(name);
    }

    /// <summary>What the API shows of an endpoint: never its token.</summary>
    private static object Describe(EndpointRecord record) => new
    {
        name = record.Name, url = record.Url, processId = record.ProcessId, startedAt = record.StartedAt,
        variants = record.Variants.Select(v => new { name = v.Name, model = v.ModelPath, weight = v.Weight }),
    };

    /// <summary><c>caviar deploy</c>'s arguments for <paramref name="body"/>, every field checked.</summary>
    private static List<string> DeployArguments(CreateEndpointRequest body, ServerOptions options, JobPathConfinement confinement)
    {
        var defaults = new BatchingOptions();
        int maxBatch = body.MaxBatch ?? defaults.MaxBatch, maxDelay = body.MaxDelayUs ?? defaults.MaxDelayMicroseconds, threads = body.Threads ?? 0;
        if (maxBatch < 1) throw new CaviarValidationException("maxBatch", "must be at least 1");
        if (maxDelay < 0) throw new CaviarValidationException("maxDelayUs", "must be 0 or more");
        if (threads < 0) throw new CaviarValidationException("threads", "must be 0 (one per physical core) or more");
        if (body.Port is < 0 or > 65535) throw new CaviarValidationException("port", "must be 0 (any free port) to 65535");
        var device = InferenceDevices.Parse(body.Device, "device");

        var variants = new List<VariantSpec>();
        if (ModelOf(body.Model, body.TrainingJob, body.TuningJob, "", options, confinement) is { } main)
            variants.Add(new VariantSpec(VariantSpec.DefaultName, main, 1));
        for (int i = 0; i < body.Variants.Count; i++)
        {
            var variant = body.Variants[i];
            string field = $"variants[{i}]";
            string model = confinement.ConfineModel(variant.Model, field + ".model");
            variants.Add(Validated(new VariantSpec(variant.Name ?? "", ModelSource.FromPath(model, field + ".model"), variant.Weight), field));
        }
        if (variants.Count == 0) throw new CaviarValidationException("model", "no model to serve: give model, trainingJob, tuningJob or variants");
        var duplicate = variants.GroupBy(v => v.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new CaviarValidationException("variants", $"variant '{duplicate.Key}' is named twice");
        if (variants.Sum(v => v.Weight) <= 0) throw new CaviarValidationException("variants", "the weights add up to 0: no variant would get traffic");

        var arguments = new List<string>
        {
            "--host", "127.0.0.1", "--port", Text(body.Port), "--max-batch", Text(maxBatch), "--max-delay-us", Text(maxDelay),
            "--threads", Text(threads), "--device", device.Name(),
        };
        foreach (var v in variants) arguments.AddRange(["--variant", $"{v.Name}={v.ModelPath}:{v.Weight.ToString("R", CultureInfo.InvariantCulture)}"]);
        return arguments;
    }

    /// <summary>The ONNX file of one model source (at most one given; null when none is), confined and resolved.</summary>
    private static string? ModelOf(string? model, string? trainingJob, string? tuningJob, string prefix, ServerOptions options, JobPathConfinement confinement)
    {
        if (new[] { model, trainingJob, tuningJob }.Count(s => s is not null) > 1)
            throw new CaviarValidationException(prefix + "model", "give one of model, trainingJob and tuningJob");
        if (model is not null) return ModelSource.FromPath(confinement.ConfineModel(model, prefix + "model"), prefix + "model");
        if (trainingJob is not null) return ModelSource.FromTrainingJob(options.ArtifactsRoot, trainingJob, prefix + "trainingJob");
        if (tuningJob is null) return null;
        using var store = options.OpenStore();
        return ModelSource.FromTuningJob(store, options.ArtifactsRoot, tuningJob, prefix + "tuningJob");
    }

    private static VariantSpec Validated(VariantSpec spec, string field)
    {
        try
        {
            return spec.Validated();
        }
        catch (CaviarValidationException refused)
        {
            throw new CaviarValidationException(field, refused.Reason);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

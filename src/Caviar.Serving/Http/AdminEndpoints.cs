using Caviar.Serving.Variants;
using Caviar.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Caviar.Serving.Http;

/// <summary>
/// What <c>caviar deploy --update</c> and <c>caviar undeploy</c> call: list the variants, put a model in service
/// (a refused model leaves the old one serving: 400 with the reason), and stop the endpoint.
/// </summary>
internal static class AdminEndpoints
{
    public sealed record VariantUpdate(string Name, string ModelPath, double Weight);

    public static void Map(WebApplication app, InferenceEndpoint endpoint)
    {
        app.MapGet("/admin/variants", () => Results.Ok(endpoint.Variants.Select(v => new { name = v.Name, modelPath = v.Model.Path, weight = v.Weight })));
        app.MapPost("/admin/variants", async (VariantUpdate update) =>
        {
            try
            {
                await endpoint.Update(new VariantSpec(update.Name, update.ModelPath, update.Weight));
                EndpointHost.SaveRecord(endpoint);
                return Results.Ok(new { name = update.Name, modelPath = update.ModelPath });
            }
            catch (CaviarValidationException refused)
            {
                return Results.Json(new { field = refused.Field, error = refused.Reason }, statusCode: 400);
            }
        });
        app.MapPost("/admin/shutdown", (IHostApplicationLifetime lifetime) =>
        {
            lifetime.StopApplication();
            return Results.Accepted();
        });
    }
}

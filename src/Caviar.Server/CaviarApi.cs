using System.Text.Json.Serialization;
using Caviar.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Caviar.Server;

/// <summary>
/// The HTTP API: everything under /api needs the bearer token; bad input is answered 400 with
/// <c>{"field": …, "reason": …}</c>. Listens on loopback unless told otherwise.
/// </summary>
public static class CaviarApi
{
    public static WebApplication Build(ServerOptions options)
    {
        if (string.IsNullOrEmpty(options.Token))
            throw new CaviarValidationException("--token", "the API needs a bearer token");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new BearerTokenCheck(options.Token));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var runs = new BackgroundRuns();
        var app = builder.Build();
        app.Lifetime.ApplicationStopping.Register(() => runs.StopAllAsync().GetAwaiter().GetResult());
        app.UseExceptionHandler(errors => errors.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            context.Response.StatusCode = error is CaviarValidationException ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(error is CaviarValidationException v
                ? new { field = v.Field, reason = v.Reason }
                : new { field = "", reason = "internal error: " + error?.Message });
        }));
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<BearerTokenCheck>());
        DashboardEndpoints.Map(app);
        var api = app.MapGroup("/api");
        TuningJobEndpoints.Map(api, options, runs);
        TrainingJobEndpoints.Map(api, options, runs);
        var studies = new AskTell.AskTellStudies(options);
        app.Lifetime.ApplicationStopped.Register(studies.Dispose);
        AskTell.AskTellEndpoints.Map(api, studies);
        return app;
    }
}

using System.Text.Json.Serialization;
using Caviar.Server.Security;
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
/// <c>{"field": …, "reason": …}</c> (and <c>errors</c> when several fields were refused), a missing study or job 404,
/// a name already taken 409, a body over the limit 413. Listens on loopback unless told otherwise. Every
/// response carries the security headers (a content security policy, no framing, no sniffing).
/// </summary>
public static class CaviarApi
{
    /// <summary>
    /// The API and dashboard as an ASP.NET Core application listening on <see cref="ServerOptions.Url"/>, not yet
    /// started: <c>await app.RunAsync()</c> serves until stopped. Refuses bad <paramref name="options"/> (an empty
    /// token, a limit below 1, a data root that does not exist) under the option's name.
    /// </summary>
    public static WebApplication Build(ServerOptions options)
    {
        // Refusals name the options' properties; the command line renames them to its flags (ServeCommand).
        if (string.IsNullOrEmpty(options.Token))
            throw new CaviarValidationException(nameof(ServerOptions.Token), "the API needs a bearer token");
        if (options.MaxRequestBodyBytes <= 0)
            throw new CaviarValidationException(nameof(ServerOptions.MaxRequestBodyBytes), "must be positive");
        var confinement = new JobPathConfinement(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new BearerTokenCheck(options.Token));
        builder.Services.AddSingleton(new RequestBodyLimit(options.MaxRequestBodyBytes));
        builder.Services.AddSingleton(new SecurityHeaders());
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var runs = new BackgroundRuns();
        var app = builder.Build();
        app.Lifetime.ApplicationStopping.Register(() => runs.StopAllAsync().GetAwaiter().GetResult());
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler(errors => errors.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (error is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                await RequestBodyLimit.Refuse(context, options.MaxRequestBodyBytes);
                return;
            }
            var (status, body) = error switch
            {
                CaviarValidationException refused => (ApiErrors.StatusOf(refused), ApiErrors.Body(refused)),
                BadHttpRequestException bad => (bad.StatusCode, ApiErrors.Body("body", bad.Message)),
                _ => (StatusCodes.Status500InternalServerError, ApiErrors.Body("", "internal error: " + error?.Message)),
            };
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(body);
        }));
        app.UseMiddleware<RequestBodyLimit>();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<BearerTokenCheck>());
        DashboardEndpoints.Map(app);
        var api = app.MapGroup("/api");
        TuningJobEndpoints.Map(api, options, runs, confinement);
        TrainingJobEndpoints.Map(api, options, runs, confinement);
        api.MapGet("/events", (HttpContext context) => Live.DashboardEvents.WriteAsync(context, options, runs));
        var studies = new AskTell.AskTellStudies(options);
        app.Lifetime.ApplicationStopped.Register(studies.Dispose);
        AskTell.AskTellEndpoints.Map(api, studies);
        Deployments.DeploymentEndpoints.Map(api, options, confinement);
        return app;
    }
}

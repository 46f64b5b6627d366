using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Server.Security;
using Caviar.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Caviar.Server;

/// <summary>/api/training-jobs: create (run here, in the background), list, describe, stop.</summary>
public static class TrainingJobEndpoints
{
    public static void Map(IEndpointRouteBuilder api, ServerOptions options, BackgroundRuns runs, JobPathConfinement confinement)
    {
        api.MapPost("/training-jobs", async (HttpRequest request) =>
        {
            var spec = confinement.Confine(await ApiErrors.ReadBody<TrainingJobSpec>(request));
            TrainingJobValidator.Validate(spec, options.BaseDirectory);
            var job = JobDirectory.For(options.ArtifactsRoot, spec.Name!);
            if (JobStatus.Read(job.StatusFile) is not null || runs.IsRunning("training/" + spec.Name))
                throw new CaviarValidationException("name", $"a training job named '{spec.Name}' already exists");
            runs.Start("training/" + spec.Name, stop =>
                new TrainingJobRunner(TimeProvider.System).RunAsync(spec, spec.Name!, options.BaseDirectory, job, null, null, stop));
            return Results.Created($"/api/training-jobs/{spec.Name}", new { name = spec.Name });
        });

        api.MapGet("/training-jobs", () => Results.Ok(Live.DashboardEvents.TrainingJobRows(options)));

        api.MapGet("/training-jobs/{name}", (string name) =>
        {
            var job = JobDirectory.For(options.ArtifactsRoot, name);   // refuses names that could leave the folder
            return JobStatus.Read(job.StatusFile) is { } status
                ? Results.Ok(status)
                : ApiErrors.NotFound("name", $"no training job named '{name}'");
        });

        api.MapGet("/training-jobs/{name}/view", (string name) =>
            Live.JobView.Of(JobDirectory.For(options.ArtifactsRoot, name)) is { } view
                ? Results.Ok(view)
                : ApiErrors.NotFound("name", $"no training job named '{name}'"));

        api.MapGet("/training-jobs/{name}/files/{**path}", (string name, string path) =>
            Live.JobFileDownload.Answer(JobDirectory.For(options.ArtifactsRoot, name), path));

        api.MapPost("/training-jobs/{name}/stop", (string name) =>
        {
            var job = JobDirectory.For(options.ArtifactsRoot, name);
            if (JobStatus.Read(job.StatusFile) is null) return ApiErrors.NotFound("name", $"no training job named '{name}'");
            File.WriteAllText(job.StopRequestFile, "");
            return Results.Accepted($"/api/training-jobs/{name}", new { name, stopping = true });
        });
    }
}

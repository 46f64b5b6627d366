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
internal static class TrainingJobEndpoints
{
    public static void Map(IEndpointRouteBuilder api, ServerOptions options, BackgroundRuns runs, JobPathConfinement confinement)
    {
        api.MapPost("/training-jobs", async (HttpRequest request) =>
        {
            var plan = TrainingJobValidator.Compile(confinement.Confine(await ApiErrors.ReadBody<TrainingJobSpec>(request)), options.BaseDirectory);
            string name = plan.Name!;
            var job = JobDirectory.For(options.ArtifactsRoot, name);
            if (JobStatus.Read(job.StatusFile) is not null || runs.IsRunning("training/" + name))
                throw new CaviarConflictException("name", $"a training job named '{name}' already exists");
            runs.Start("training/" + name, stop => new TrainingJobRunner(TimeProvider.System).RunAsync(plan, job, null, stop));
            return Results.Created($"/api/training-jobs/{name}", new { name });
        });

        api.MapGet("/training-jobs", () => Results.Ok(Live.DashboardEvents.TrainingJobRows(options)));

        api.MapGet("/training-jobs/{name}", (string name) =>
        {
            var job = JobDirectory.For(options.ArtifactsRoot, name);   // refuses names that could leave the folder
            return Results.Ok(JobStatus.Read(job.StatusFile) ?? throw new CaviarNotFoundException("name", $"no training job named '{name}'"));
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
            if (JobStatus.Read(job.StatusFile) is null) throw new CaviarNotFoundException("name", $"no training job named '{name}'");
            File.WriteAllText(job.StopRequestFile, "");
            return Results.Accepted($"/api/training-jobs/{name}", new { name, stopping = true });
        });
    }
}

using System.Text.Json;
using Caviar.Jobs.Specs;
using Caviar.Jobs.Tuning;
using Caviar.Server.Security;
using Caviar.Specs;
using Caviar.Studies;
using Caviar.Trials;
using Caviar.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Caviar.Server;

/// <summary>/api/tuning-jobs: create, list, describe, stop, list trials, PBT lineage, stream metrics.</summary>
internal static class TuningJobEndpoints
{
    public static void Map(IEndpointRouteBuilder api, ServerOptions options, BackgroundRuns runs, JobPathConfinement confinement)
    {
        api.MapGet("/tuning-jobs", () =>
        {
            using var store = options.OpenStore();
            return Results.Ok(store.ListStudies().Select(study => Live.TuningJobViews.Row(store, study, runs)).ToList());
        });

        api.MapPost("/tuning-jobs", async (HttpRequest request) =>
        {
            var spec = await ApiErrors.ReadBody<TuningSpec>(request);
            if (spec.TrainingJob is { } job) spec = spec with { TrainingJob = confinement.Confine(job, "trainingJob.") };
            var plan = TuningSpecLoader.Compile(spec, options.BaseDirectory, options.LauncherKind);
            var store = options.OpenStore();
            try
            {
                var orchestrator = new TuningOrchestrator(store, options.Launcher, options.ArtifactsRoot);
                var study = orchestrator.OpenStudy(plan, resume: false);
                runs.Start("tuning/" + plan.Name, async stop =>
                {
                    try { await orchestrator.RunAsync(study, plan, cancellation: stop); }
                    finally { store.Dispose(); }
                });
                return Results.Created($"/api/tuning-jobs/{plan.Name}", new { name = plan.Name });
            }
            catch
            {
                store.Dispose();
                throw;
            }
        });

        api.MapGet("/tuning-jobs/{name}", (string name) => WithStudy(options, name, (store, study) =>
            Results.Ok(Live.TuningJobViews.Describe(study, store.GetTrials(study.Id), options, runs))));

        api.MapPost("/tuning-jobs/{name}/stop", (string name) => WithStudy(options, name, (_, _) =>
        {
            new TuningControl(options.ArtifactsRoot, name).RequestStop();
            return Results.Accepted($"/api/tuning-jobs/{name}", new { name, stopping = true });
        }));

        api.MapGet("/tuning-jobs/{name}/trials", (string name) => WithStudy(options, name, (store, study) =>
            Results.Ok(store.GetTrials(study.Id).Select(TrialView).ToList())));

        api.MapGet("/tuning-jobs/{name}/trials/{number:int}", (string name, int number) => WithStudy(options, name, (store, study) =>
        {
            var trial = store.GetTrials(study.Id).FirstOrDefault(t => t.Number == number);
            if (trial is null) return ApiErrors.NotFound("number", $"tuning job '{name}' has no trial {number}");
            var job = TrialJobSummary.SpecOf(study)?.TrainingJob is null ? null
                : Caviar.Jobs.Layout.JobDirectory.For(options.ArtifactsRoot, TrialJobNames.For(study.Name, number));
            return Results.Ok(new
            {
                trial = TrialView(trial), jobName = job is null ? null : TrialJobNames.For(study.Name, number),
                job = job is null ? null : Live.JobView.Of(job),
            });
        }));

        api.MapGet("/tuning-jobs/{name}/trials/{number:int}/files/{**path}", (string name, int number, string path) =>
            WithStudy(options, name, (_, study) => Live.JobFileDownload.Answer(
                Caviar.Jobs.Layout.JobDirectory.For(options.ArtifactsRoot, TrialJobNames.For(study.Name, number)), path)));

        // ?objective=NAME (or its index): the importance for that objective of a study with several; default the first.
        api.MapGet("/tuning-jobs/{name}/importance", (string name, string? objective) => WithStudy(options, name, (store, study) =>
            Results.Ok(Caviar.Analysis.ParameterImportance.Compute(store.GetTrials(study.Id), study.Directions,
                    ObjectiveIndex(study, objective))
                .Select(p => new { name = p.Name, importance = p.Importance }).ToList())));

        api.MapGet("/tuning-jobs/{name}/pareto-front", (string name, string? reference) => WithStudy(options, name, (store, study) =>
            Results.Ok(Live.ParetoFrontView.Of(study, store.GetTrials(study.Id), reference))));

        api.MapGet("/tuning-jobs/{name}/pbt-lineage", (string name) => WithStudy(options, name, (store, study) =>
            Results.Ok(Live.PbtLineageView.Of(store, study))));

        api.MapGet("/tuning-jobs/{name}/metrics/stream", async (string name, HttpContext context) =>
        {
            SafeNames.EnsureJobName(name, "name");
            await MetricStream.WriteAsync(context, options, name, runs);
        });
    }

    /// <summary>
    /// A trial as the API shows it: user-facing values and its intermediate curve; <c>value</c> is the first objective's,
    /// <c>values</c> every objective's in order (null until completed), <c>constraints</c> its constraint values (≤ 0 is
    /// satisfied; empty without constraints) and <c>feasible</c> whether all are satisfied.
    /// </summary>
    public static object TrialView(TrialRecord t) => new
    {
        number = t.Number, state = t.State.ToString(), value = t.Value, values = t.Values, constraints = t.Constraints,
        feasible = t.IsFeasible, @params = t.ExternalParams,
        intermediateValues = t.IntermediateValues.ToDictionary(p => p.Key.ToString(), p => p.Value),
        userAttributes = t.UserAttributes, startedAt = t.StartedAt, finishedAt = t.FinishedAt, failureReason = t.FailureReason,
    };

    /// <summary>The objective a query names: one of the study's objective names or an index; the first when not given.</summary>
    private static int ObjectiveIndex(Caviar.Storage.StudyRecord study, string? objective)
    {
        if (objective is null) return 0;
        var names = ObjectiveNames.Of(study);
        int named = names.ToList().IndexOf(objective);
        if (named >= 0) return named;
        if (int.TryParse(objective, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
            && index < names.Count)
            return index;
        throw new CaviarValidationException("objective", $"'{objective}' is not one of {string.Join(", ", names)} (or an index below {names.Count})");
    }

    private static IResult WithStudy(ServerOptions options, string name, Func<Caviar.Storage.IStudyStore, Caviar.Storage.StudyRecord, IResult> action)
    {
        SafeNames.EnsureJobName(name, "name");
        using var store = options.OpenStore();
        return action(store, store.FindStudy(name) ?? throw new CaviarNotFoundException("name", $"no tuning job named '{name}'"));
    }
}

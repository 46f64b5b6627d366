using System.Text.Json;
using Caviar.Jobs.Tuning;
using Caviar.Specs;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Trials;
using Caviar.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Caviar.Server.AskTell;

/// <summary>
/// /api/studies: ask/tell from any program (the Python client's <c>client.study(...)</c>). Create or load a study, ask
/// for a trial (its values drawn by the study's strategy), report intermediate values (answered with whether the
/// study's pruner wants the trial stopped), and tell its value. Trials are addressed by the id that ask returned.
/// </summary>
internal static class AskTellEndpoints
{
    public static void Map(IEndpointRouteBuilder api, AskTellStudies studies)
    {
        api.MapPost("/studies", async (HttpRequest request) =>
        {
            var body = await ApiErrors.ReadBody<StudyRequest>(request);
            var plan = body.ToPlan();
            var store = studies.Store;
            var directions = plan.Objectives.Select(o => o.Direction).ToList();
            if (store.FindStudy(plan.Name) is { } existing)
            {
                if (!existing.Directions.SequenceEqual(directions))
                    throw new CaviarConflictException(directions.Count > 1 ? "directions" : "direction",
                        $"study '{plan.Name}' exists with direction{(existing.Directions.Count > 1 ? "s" : "")} {string.Join(", ", existing.Directions)}");
                var opened = studies.Open(plan.Name)!;
                if (!opened.Space.Ranges.SequenceEqual(plan.Space.Ranges))
                    throw new CaviarConflictException("space", $"differs from the space study '{plan.Name}' was created with");
                return Results.Ok(StudyAnswer(plan.Name, existing.Directions, created: false));
            }
            Study.Create(store, plan.Name, directions, new StudyOptions(), JsonSerializer.Serialize(plan.Spec, SpecJson.Options));
            return Results.Created($"/api/tuning-jobs/{plan.Name}", StudyAnswer(plan.Name, directions, created: true));
        });

        api.MapPost("/studies/{name}/ask", (string name, HttpRequest request) => WithStudy(studies, name, study =>
        {
            var trial = AskKeyHeader.Of(request) is { } key && study.Study.Store is IAskKeys keys
                ? study.Study.TryAsk(study.Space, draw => keys.AskOnce(study.Study.Record.Id, key, TimeProvider.System.GetUtcNow(), draw))!
                : study.Study.Ask(study.Space);
            return Results.Ok(new { id = trial.Id, number = trial.Number, @params = trial.Params });
        }));

        api.MapPost("/studies/{name}/trials/{id:long}/tell", async (string name, long id, HttpRequest request) =>
        {
            var body = await ApiErrors.ReadBody<TellRequest>(request);
            return WithRunningTrial(studies, name, id, (study, _) =>
            {
                body.Validate(study.Study.Directions);
                var told = body.ValuesTold is { } values
                    ? study.Study.Tell(id, values, body.Constraints?.ToArray())
                    : study.Study.Store.FinishTrialAndRead(id, body.State!.Value, null, TimeProvider.System.GetUtcNow(), body.Reason);
                return Results.Ok(TuningJobEndpoints.TrialView(told));
            }, ended => body.SameEnd(ended) ? Results.Ok(TuningJobEndpoints.TrialView(ended)) : null);
        });

        api.MapPost("/studies/{name}/trials/{id:long}/report", async (string name, long id, HttpRequest request) =>
        {
            var body = await ApiErrors.ReadBody<ReportRequest>(request);
            body.Validate();
            return WithRunningTrial(studies, name, id, (study, _) =>
            {
                study.Study.Store.ReportIntermediate(id, body.Step!.Value, body.Value!.Value);
                return Results.Ok(new { shouldPrune = ShouldPrune(study, id) });
            });
        });

        api.MapGet("/studies/{name}/trials/{id:long}/should-prune", (string name, long id) =>
            WithRunningTrial(studies, name, id, (study, _) => Results.Ok(new { shouldPrune = ShouldPrune(study, id) })));
    }

    /// <summary>The answer to creating or loading a study: its name, direction (the first objective's) and every direction.</summary>
    private static object StudyAnswer(string name, IReadOnlyList<ObjectiveDirection> directions, bool created) =>
        new { name, direction = directions[0].ToString(), directions = directions.Select(d => d.ToString()), created };

    private static bool ShouldPrune(AskTellStudy study, long id)
    {
        if (study.Study.Options.Pruner is Caviar.Pruning.NoPruning) return false;   // no need to read the study
        var trials = study.Study.CurrentTrials();
        return study.Study.Options.Pruner.ShouldPrune(trials.First(t => t.Id == id), trials, study.Study.Direction);
    }

    private static IResult WithStudy(AskTellStudies studies, string name, Func<AskTellStudy, IResult> action)
    {
        return studies.Open(name) is { } study
            ? action(study)
            : ApiErrors.NotFound("name", $"no study named '{name}'");
    }

    /// <summary>
    /// <paramref name="action"/> on a Running trial of the study; on a trial that has ended, the answer of
    /// <paramref name="told"/> when it gives one (a tell sent again), else a refusal.
    /// </summary>
    private static IResult WithRunningTrial(AskTellStudies studies, string name, long id, Func<AskTellStudy, TrialRecord, IResult> action,
        Func<TrialRecord, IResult?>? told = null) =>
        WithStudy(studies, name, study =>
        {
            TrialRecord trial;
            try { trial = study.Study.Store.GetTrial(id); }
            catch (KeyNotFoundException) { return ApiErrors.NotFound("id", $"no trial with id {id}"); }
            if (trial.StudyId != study.Study.Record.Id)
                return ApiErrors.NotFound("id", $"trial {id} is not a trial of study '{name}'");
            if (trial.State != TrialState.Running)
                return told?.Invoke(trial) is { } again ? again
                    : throw new CaviarValidationException("id", $"trial {trial.Number} has already ended ({trial.State})");
            return action(study, trial);
        });
}

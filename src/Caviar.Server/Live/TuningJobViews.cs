using Caviar.Jobs.Tuning;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Server.Live;

/// <summary>How the API shows tuning jobs: a row of the job list and the description of one job.</summary>
internal static class TuningJobViews
{
    public static object Row(IStudyStore store, StudyRecord study, BackgroundRuns runs)
    {
        var trials = store.GetTrials(study.Id);
        return Row(study, trials, runs);
    }

    public static object Row(StudyRecord study, IReadOnlyList<TrialRecord> trials, BackgroundRuns runs) => new
    {
        name = study.Name, direction = study.Direction.ToString(),
        directions = study.Directions.Select(d => d.ToString()).ToList(), trials = trials.Count,
        completed = trials.Count(t => t.State == TrialState.Completed),
        // Several objectives have no single best: see paretoFront in the job's description.
        best = study.Directions.Count > 1 ? null : Study.BestOf(trials, study.Direction)?.Value,
        running = trials.Any(t => t.State == TrialState.Running) || runs.IsRunning("tuning/" + study.Name),
    };

    /// <summary>
    /// The job's summary. With several objectives <c>best</c> is null and <c>paretoFront</c> holds the front's trial
    /// numbers, the default reference point and the front's hypervolume (see <see cref="ParetoFrontView"/>).
    /// </summary>
    public static object Describe(StudyRecord study, IReadOnlyList<TrialRecord> trials, ServerOptions options, BackgroundRuns runs)
    {
        bool several = study.Directions.Count > 1;
        var best = several ? null : Study.BestOf(trials, study.Direction);
        var spec = TrialJobSummary.SpecOf(study);
        return new
        {
            name = study.Name, direction = study.Direction.ToString(), createdAt = study.CreatedAt,
            directions = study.Directions.Select(d => d.ToString()).ToList(), objectives = ObjectiveNames.Of(study),
            constraints = ObjectiveNames.ConstraintsOf(study),
            paretoFront = several ? ParetoFrontView.Summary(study, trials) : null,
            running = runs.IsRunning("tuning/" + study.Name),
            states = Enum.GetValues<TrialState>().ToDictionary(s => s.ToString(), s => trials.Count(t => t.State == s)),
            best = best is null ? null : TuningJobEndpoints.TrialView(best),
            bestJob = best is null ? null : TrialJobSummary.Of(study, best.Number, options.ArtifactsRoot),
            // The ranges as given (their order, categories in their order, log scales), for the charts' axes.
            space = SpaceView.Of(trials, spec?.HyperParameterRanges),
            hasTrainingJobs = spec?.TrainingJob is not null,
            // Population-based training: the page asks for /pbt-lineage and draws the members' schedules.
            pbt = StrategyNames.IsPbt(spec?.Strategy),
        };
    }
}

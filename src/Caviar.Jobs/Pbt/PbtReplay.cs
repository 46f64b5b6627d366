using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Jobs.Tuning;
using Caviar.Pbt;
using Caviar.Specs;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Jobs.Pbt;

/// <summary>
/// Replays the best member of a PBT study (Ray Tune's <c>PopulationBasedTrainingReplay</c>): the member with the best
/// score in the last round, and its whole schedule — followed back through every checkpoint it copied, so round r's
/// values are those of the member whose checkpoint the best one descends from in round r. The replay trains one
/// job per round (<c>NAME-replay-R</c>), each resuming from the one before (<see cref="CheckpointCopy"/>) with that
/// round's values and epoch budget: one training run with the schedule applied at each resume. The schedule is
/// written to <c>ARTIFACTS/pbt/NAME/replay.json</c> first.
/// </summary>
public static class PbtReplay
{
    /// <summary>The best last-round member's schedule, round 0 first; throws when the lineage has no scored last round.</summary>
    public static IReadOnlyList<PbtLineageEntry> ScheduleOf(IReadOnlyList<PbtLineageEntry> lineage, ObjectiveDirection direction, string study)
    {
        if (lineage.Count == 0) throw new CaviarValidationException("study", $"study '{study}' has no PBT lineage");
        int last = lineage.Max(e => e.Round);
        var best = lineage.Where(e => e.Round == last && e.Score is not null)
            .OrderBy(e => direction.ToLoss(e.Score!.Value)).ThenBy(e => e.Member).FirstOrDefault()
            ?? throw new CaviarValidationException("study", $"study '{study}' has no scored member in its last round ({last}); finish it with caviar tune --resume");
        var byKey = lineage.ToDictionary(e => (e.Round, e.Member));
        var schedule = new List<PbtLineageEntry> { best };
        for (var entry = best; entry.Round > 0;)
        {
            entry = byKey[(entry.Round - 1, entry.ParentMember ?? entry.Member)];
            schedule.Add(entry);
        }
        schedule.Reverse();
        return schedule;
    }

    /// <summary>The name of round <paramref name="round"/>'s job of the replay of <paramref name="study"/>.</summary>
    public static string JobName(string study, int round) => $"{study}-replay-{round}";

    /// <summary>
    /// Trains the schedule of <paramref name="spec"/>'s study (its training job, relative paths resolved against
    /// <paramref name="baseDirectory"/>) round after round; returns the last job's status (or the first that did not complete).
    /// </summary>
    public static async Task<JobStatus> RunAsync(TuningSpec spec, IReadOnlyList<PbtLineageEntry> schedule, string baseDirectory,
        string artifactsRoot, Action<int, MetricObservation>? onMetric, CancellationToken stop, TimeProvider? clock = null)
    {
        var pbt = spec.Pbt ?? throw new CaviarValidationException("study", $"study '{spec.Name}' was not tuned with strategy PBT");
        var job = spec.TrainingJob ?? throw new CaviarValidationException("study", $"study '{spec.Name}' has no training job");
        var timing = PbtSchedule.Of(pbt);
        string root = Path.GetFullPath(artifactsRoot);
        string file = Path.Combine(root, "pbt", spec.Name, "replay.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, JsonSerializer.Serialize(schedule.Select(e => new
        {
            round = e.Round, member = e.Member, epochs = timing.EpochsAt(e.Round), hyperParameters = e.HyperParameters,
        }), SpecJson.Options));
        JobStatus? status = null;
        foreach (var entry in schedule)
        {
            var values = new Dictionary<string, object>(entry.HyperParameters) { [pbt.ResourceHyperParameter] = timing.EpochsAt(entry.Round) };
            var request = Launching.JobRequest.ForTrial(JobName(spec.Name, entry.Round), job, values, baseDirectory, root);
            if (entry.Round > 0)
                CheckpointCopy.Ensure(JobDirectory.For(root, JobName(spec.Name, entry.Round - 1)).DefaultCheckpointDirectory,
                    request.Directory.DefaultCheckpointDirectory);
            var plan = TrainingJobValidator.Compile(request.Spec, baseDirectory, nameRequired: false);
            status = await new TrainingJobRunner(clock ?? TimeProvider.System)
                .RunAsync(plan, request.Directory, metric => onMetric?.Invoke(entry.Round, metric), stop).ConfigureAwait(false);
            if (status.State != JobState.Completed) return status;
        }
        return status!;
    }
}

using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Tuning;
using Caviar.Pbt;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Jobs.Pbt;

/// <summary>
/// What the tuner (<see cref="PbtPopulation"/>) and workers (<see cref="PbtWorker"/>) share about a PBT study's
/// member-rounds: a round's lineage entries (stored, else decided from the round before and stored first; any process
/// deciding decides the same, and the first stored wins), the checkpoint a member-round starts from, and running one.
/// </summary>
internal sealed class PbtMemberRounds(Study study, TuningPlan plan, string artifactsRoot,
    Func<Trial, CancellationToken, Task<double[]>> objective)
{
    private readonly PbtOptions _options = (plan.Pbt ?? throw new ArgumentException("the plan is not a PBT plan", nameof(plan))).ToOptions();
    private readonly IPbtLineageStore _lineage = study.Store as IPbtLineageStore
        ?? throw new InvalidOperationException($"{study.Store.GetType().Name} keeps no PBT lineage");

    public PbtSchedule Schedule { get; } = PbtSchedule.Of(plan.Pbt!);

    /// <summary>
    /// The round's entries: stored ones, else decided now from the round before (its trials' values: a member-round that
    /// did not complete ranks last) and stored before use.
    /// </summary>
    public IReadOnlyList<PbtLineageEntry> EntriesOf(int round)
    {
        var stored = _lineage.GetPbtLineage(study.Record.Id);
        var mine = stored.Where(e => e.Round == round).ToList();
        if (mine.Count == Schedule.PopulationSize) return mine;
        IReadOnlyList<PbtLineageEntry> decided;
        if (round == 0)
        {
            decided = PbtRound.InitialPopulation(plan.Space, Schedule.PopulationSize, plan.Seed)
                .Select((values, m) => new PbtLineageEntry(m, 0, null, External(values))).ToList();
        }
        else
        {
            var before = stored.Where(e => e.Round == round - 1).OrderBy(e => e.Member).ToList();
            var scores = ScoresOf(round - 1, before);
            var decisions = PbtRound.Decide(plan.Space, _options, plan.Direction,
                before.Select(e => Internal(e.HyperParameters)).ToList(), scores, plan.Seed, round);
            decided = decisions.Select(d => new PbtLineageEntry(d.Member, round, d.CopyFrom, External(d.HyperParameters))).ToList();
        }
        _lineage.AddPbtEntries(study.Record.Id, decided);
        return _lineage.GetPbtLineage(study.Record.Id).Where(e => e.Round == round).ToList();
    }

    /// <summary>The entry of trial <paramref name="trialNumber"/>'s member-round (its round's entries are stored by then).</summary>
    public PbtLineageEntry EntryOf(int trialNumber)
    {
        var (member, round) = Schedule.MemberRoundOf(trialNumber);
        return EntriesOf(round).Single(e => e.Member == member);
    }

    /// <summary>
    /// The scores of <paramref name="round"/> from its trials (the lineage's score is written just after the trial is
    /// finished, so a process killed in between leaves it empty: it is filled in here).
    /// </summary>
    private List<double?> ScoresOf(int round, IReadOnlyList<PbtLineageEntry> entries)
    {
        var trials = study.Store.GetTrials(study.Record.Id).ToDictionary(t => t.Number);
        return entries.Select(entry =>
        {
            double? score = trials.TryGetValue(Schedule.TrialNumber(entry.Member, round), out var trial) && trial.State == TrialState.Completed
                ? trial.Value : null;
            if (entry.Score is null && score is not null) _lineage.SetPbtScore(study.Record.Id, entry.Member, round, score);
            return score;
        }).ToList();
    }

    /// <summary>Stores a finished member-round's score in the lineage when a process killed after finishing it did not.</summary>
    public void EnsureScore(PbtLineageEntry entry, TrialRecord finished)
    {
        if (entry.Score is null && finished.State == TrialState.Completed)
            _lineage.SetPbtScore(study.Record.Id, entry.Member, entry.Round, finished.Value);
    }

    /// <summary>The values of member-round <paramref name="entry"/> as stored with its trial.</summary>
    public IReadOnlyList<TrialParam> ValuesOf(PbtLineageEntry entry) =>
        GivenParameters.ToInternal(plan.Space, entry.HyperParameters, requireAll: true);

    /// <summary>
    /// Runs an open member-round: its checkpoint is put in place (copied once), a job a stop interrupted is reopened to go
    /// on from its own checkpoints, then the job runs. Returns the finished trial (its score stored in the lineage), or
    /// null when <paramref name="stop"/> interrupted it: it stays Running, for a resumed run to go on with.
    /// </summary>
    public async Task<TrialRecord?> RunAsync(PbtLineageEntry entry, Trial trial, CancellationToken stop)
    {
        if (entry.Round > 0) PutCheckpointInPlace(entry);
        StoppedJob.Reopen(JobDirectoryOf(trial.Number));
        var done = await MemberRound.EvaluateAsync(study, trial, objective, stop).ConfigureAwait(false);
        if (done is not null)
            _lineage.SetPbtScore(study.Record.Id, entry.Member, entry.Round, done.State == TrialState.Completed ? done.Value : null);
        return done;
    }

    /// <summary>The checkpoint the member's round starts from: its own from the round before, or the exploited member's.</summary>
    private void PutCheckpointInPlace(PbtLineageEntry entry)
    {
        int source = entry.ParentMember ?? entry.Member;
        string from = JobDirectoryOf(Schedule.TrialNumber(source, entry.Round - 1)).DefaultCheckpointDirectory;
        string to = JobDirectoryOf(Schedule.TrialNumber(entry.Member, entry.Round)).DefaultCheckpointDirectory;
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        if (CheckpointCopy.Ensure(from, to) && entry.ParentMember is { } parent)
        {
            string log = PbtPopulation.CopyLogOf(artifactsRoot, study.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.AppendAllText(log, $"round {entry.Round} member {entry.Member} copied member {parent}\n");
        }
    }

    private JobDirectory JobDirectoryOf(int trialNumber) =>
        JobDirectory.For(Path.GetFullPath(artifactsRoot), TrialJobNames.For(plan.Name, trialNumber));

    private Dictionary<string, object> External(IReadOnlyDictionary<string, double> values) =>
        plan.Space.Ranges.ToDictionary(r => r.Name, r => r.ToExternal(values[r.Name]), StringComparer.Ordinal);

    private Dictionary<string, double> Internal(IReadOnlyDictionary<string, object> values) =>
        plan.Space.Ranges.ToDictionary(r => r.Name, r => r.ToInternal(values[r.Name]), StringComparer.Ordinal);
}

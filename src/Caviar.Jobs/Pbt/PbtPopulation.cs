using Caviar.Jobs.Layout;
using Caviar.Jobs.Tuning;
using Caviar.Pbt;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Jobs.Pbt;

/// <summary>
/// Runs a PBT tuning job's population in lockstep rounds. A round's lineage entries (who copies whom, the values
/// to train with) are stored before anything of the round happens, so a resumed run (`--resume`) makes the same
/// decisions; then its trials are created in member order (trial r·n + m), each member's checkpoint is put in place
/// (<see cref="CheckpointCopy"/>: its own from the round before, or the copied member's) and its job resumes from it to
/// the round's epoch budget. A trial the store already holds is reused: a Completed one keeps its score, a Running one
/// is finished through the launcher, which never starts a job twice.
/// </summary>
internal sealed class PbtPopulation(Study study, TuningPlan plan, string artifactsRoot,
    Func<Trial, CancellationToken, Task<double[]>> objective, Action<TrialRecord> onTrialFinished)
{
    private readonly PbtSpec _spec = plan.Pbt ?? throw new ArgumentException("the plan is not a PBT plan", nameof(plan));
    private readonly PbtSchedule _schedule = PbtSchedule.Of(plan.Pbt!);
    private readonly IPbtLineageStore _lineage = study.Store as IPbtLineageStore
        ?? throw new InvalidOperationException($"{study.Store.GetType().Name} keeps no PBT lineage");

    /// <summary>Where every exploit (a checkpoint copied from another member) is logged, one line each, once it is done.</summary>
    public static string CopyLogOf(string artifactsRoot, string study) =>
        Path.Combine(Path.GetFullPath(artifactsRoot), "pbt", study, "copies.log");

    /// <summary>
    /// Runs the rounds left; ends early (trials then Stopped) on <paramref name="stopRequested"/> or once
    /// limits.maxRuntimeSeconds has passed (measured by the study's clock).
    /// </summary>
    public async Task<TuningOutcome> RunAsync(CancellationToken stopRequested)
    {
        using var runtime = plan.Limits.MaxRuntime is { } limit
            ? new CancellationTokenSource(limit, study.Options.Clock) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopRequested, runtime.Token);
        var outcome = await RunRoundsAsync(linked.Token).ConfigureAwait(false);
        return runtime.IsCancellationRequested && !stopRequested.IsCancellationRequested
            ? outcome with { StopReason = StopReason.MaxRuntimeReached } : outcome;
    }

    private async Task<TuningOutcome> RunRoundsAsync(CancellationToken stop)
    {
        var options = _spec.ToOptions();
        int ran = 0;
        for (int round = 0; round < _schedule.Rounds; round++)
        {
            if (stop.IsCancellationRequested) return Outcome(StopReason.Cancelled, ran);
            var entries = EntriesOf(round, options);
            var trials = TrialsOf(round, entries);
            using var slots = new SemaphoreSlim(plan.Limits.MaxParallel);
            var finished = await Task.WhenAll(entries.Select(async entry =>
            {
                await slots.WaitAsync(stop).ConfigureAwait(false);
                try { return await RunMemberAsync(entry, trials[entry.Member], stop).ConfigureAwait(false); }
                finally { slots.Release(); }
            })).ConfigureAwait(false);
            ran += finished.Count(f => f.Ran);
            if (stop.IsCancellationRequested || finished.Any(f => f.Trial.State == TrialState.Stopped))
                return Outcome(StopReason.Cancelled, ran);
        }
        return Outcome(StopReason.MaxTrialsReached, ran);
    }

    private TuningOutcome Outcome(StopReason reason, int ran) => new(reason, ran, study.BestTrial);

    /// <summary>The round's entries: stored ones, else decided now (from the round before) and stored before use.</summary>
    private IReadOnlyList<PbtLineageEntry> EntriesOf(int round, PbtOptions options)
    {
        var stored = _lineage.GetPbtLineage(study.Record.Id);
        var mine = stored.Where(e => e.Round == round).ToList();
        if (mine.Count == _schedule.PopulationSize) return mine;
        IReadOnlyList<PbtLineageEntry> decided;
        if (round == 0)
        {
            decided = PbtRound.InitialPopulation(plan.Space, _schedule.PopulationSize, plan.Seed)
                .Select((values, m) => new PbtLineageEntry(m, 0, null, External(values))).ToList();
        }
        else
        {
            var before = stored.Where(e => e.Round == round - 1).OrderBy(e => e.Member).ToList();
            var decisions = PbtRound.Decide(plan.Space, options, plan.Direction,
                before.Select(e => Internal(e.HyperParameters)).ToList(), before.Select(e => e.Score).ToList(), plan.Seed, round);
            decided = decisions.Select(d => new PbtLineageEntry(d.Member, round, d.CopyFrom, External(d.HyperParameters))).ToList();
        }
        _lineage.AddPbtEntries(study.Record.Id, decided);
        return _lineage.GetPbtLineage(study.Record.Id).Where(e => e.Round == round).ToList();
    }

    /// <summary>The round's trials, created in member order where the store does not hold them yet.</summary>
    private TrialRecord[] TrialsOf(int round, IReadOnlyList<PbtLineageEntry> entries)
    {
        var held = study.Trials.ToDictionary(t => t.Number);
        var trials = new TrialRecord[entries.Count];
        foreach (var entry in entries.OrderBy(e => e.Member))
        {
            int number = _schedule.TrialNumber(entry.Member, round);
            if (!held.TryGetValue(number, out var trial))
            {
                var values = GivenParameters.ToInternal(plan.Space, entry.HyperParameters, requireAll: true);
                trial = study.Store.CreateTrialWithValues(study.Record.Id, Now(), created =>
                    created == number ? values
                        : throw new InvalidOperationException($"PBT study '{study.Name}' expected to create trial {number}, the store numbered it {created}: another process adds trials to it"))!;
            }
            trials[entry.Member] = trial;
        }
        return trials;
    }

    private DateTimeOffset Now() => study.Options.Clock.GetUtcNow();

    private async Task<(TrialRecord Trial, bool Ran)> RunMemberAsync(PbtLineageEntry entry, TrialRecord trial, CancellationToken stop)
    {
        if (trial.State.IsFinished())
        {
            if (entry.Score is null && trial.State == TrialState.Completed) _lineage.SetPbtScore(study.Record.Id, entry.Member, entry.Round, trial.Value);
            return (trial, false);
        }
        if (entry.Round > 0) PutCheckpointInPlace(entry);
        var done = await study.EvaluateAsync(study.Reattach(trial, stop, plan.Space), objective, stop).ConfigureAwait(false);
        if (done.State != TrialState.Stopped)
            _lineage.SetPbtScore(study.Record.Id, entry.Member, entry.Round, done.State == TrialState.Completed ? done.Value : null);
        onTrialFinished(done);
        return (done, true);
    }

    /// <summary>The checkpoint the member's round starts from: its own from the round before, or the exploited member's.</summary>
    private void PutCheckpointInPlace(PbtLineageEntry entry)
    {
        int source = entry.ParentMember ?? entry.Member;
        string from = CheckpointsOf(_schedule.TrialNumber(source, entry.Round - 1));
        string to = CheckpointsOf(_schedule.TrialNumber(entry.Member, entry.Round));
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        if (CheckpointCopy.Ensure(from, to) && entry.ParentMember is { } parent)
        {
            string log = CopyLogOf(artifactsRoot, study.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.AppendAllText(log, $"round {entry.Round} member {entry.Member} copied member {parent}\n");
        }
    }

    private string CheckpointsOf(int trialNumber) =>
        JobDirectory.For(Path.GetFullPath(artifactsRoot), TrialJobNames.For(plan.Name, trialNumber)).DefaultCheckpointDirectory;

    private Dictionary<string, object> External(IReadOnlyDictionary<string, double> values) =>
        plan.Space.Ranges.ToDictionary(r => r.Name, r => r.ToExternal(values[r.Name]), StringComparer.Ordinal);

    private Dictionary<string, double> Internal(IReadOnlyDictionary<string, object> values) =>
        plan.Space.Ranges.ToDictionary(r => r.Name, r => r.ToInternal(values[r.Name]), StringComparer.Ordinal);
}

using Caviar.Jobs.Tuning;
using Caviar.Jobs.Workers;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Jobs.Pbt;

/// <summary>
/// A worker of a PBT study shared through a store (<c>caviar worker</c>, <c>caviar tune --join</c>): the
/// <see cref="TrialWorker"/> of a population. It requeues member-rounds whose worker stopped beating and takes them
/// first; else it creates the next member-round of the round under way (trial r·n + m, numbered by the store under its
/// lock and capped at the round's end, so each is created once), and once every member-round of a round is finished it
/// decides the next round (every worker decides the same; the first stored wins). A member-round runs as in the tuner
/// (<see cref="PbtMemberRounds.RunAsync"/>): its checkpoint is copied once into the shared artifacts folder, and a
/// requeued one goes on from its job's own checkpoints. Ends when every member-round of the last round is finished.
/// </summary>
internal sealed class PbtWorker(Study study, ITrialQueue queue, TuningPlan plan, string artifactsRoot, WorkerOptions options,
    Func<Trial, CancellationToken, Task<double[]>> objective)
{
    private readonly PbtMemberRounds _rounds = new(study, plan, artifactsRoot, objective);

    /// <summary>Runs member-rounds until the population is done or <paramref name="stop"/>; returns how many it finished.</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        await using var heartbeat = new WorkerHeartbeat(queue, options, study.Options.Clock);
        return await RunMemberRoundsAsync(heartbeat, stop).ConfigureAwait(false);
    }

    private async Task<int> RunMemberRoundsAsync(WorkerHeartbeat heartbeat, CancellationToken stop)
    {
        int finished = 0;
        var clock = study.Options.Clock;
        var reaper = new StaleTrialReaper(queue, study.Record.Id, options);
        while (!stop.IsCancellationRequested)
        {
            reaper.ReapIfDue(clock.GetUtcNow());
            var (trial, done) = Claim(stop);
            if (done) break;
            if (trial is null)
            {
                await Task.Delay(options.IdlePoll, clock, stop).ConfigureAwait(false);
                continue;
            }
            heartbeat.RunningTrialId = trial.Id;
            try
            {
                var record = await _rounds.RunAsync(_rounds.EntryOf(trial.Number), trial, stop).ConfigureAwait(false);
                if (record is null) break;   // stopped: the member-round stays Running and is requeued once its heartbeat is stale
                finished++;
                if (record.State == TrialState.Failed && Running.DiskSpace.Mentions(record.FailureReason))
                    await Task.Delay(options.DiskFullPause, clock, stop).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // The member-round was requeued while this worker was too slow to beat; another worker owns it now.
            }
            finally
            {
                heartbeat.RunningTrialId = 0;
            }
        }
        return finished;
    }

    /// <summary>A requeued member-round, else a new one of the round under way; Done once the last round is all finished.</summary>
    private (Trial? Trial, bool Done) Claim(CancellationToken stop)
    {
        var clock = study.Options.Clock;
        if (queue.ClaimWaiting(study.Record.Id, options.WorkerId, clock.GetUtcNow()) is { } waiting)
            return (study.Reattach(WithValues(waiting), stop), false);
        var counts = queue.Count(study.Record.Id);
        int n = _rounds.Schedule.PopulationSize;
        bool roundFinished = counts.Total % n == 0 && counts.Waiting == 0 && counts.Running == 0;
        int round = counts.Total / n;
        if (round >= _rounds.Schedule.Rounds) return (null, roundFinished);
        if (counts.Total % n != 0 || roundFinished)
        {
            var entries = _rounds.EntriesOf(round).ToDictionary(e => e.Member);
            var trial = study.TryAsk(plan.Space, _ => queue.CreateTrialWithin(study.Record.Id, (round + 1) * n, options.WorkerId,
                clock.GetUtcNow(), number => number / n == round
                    ? _rounds.ValuesOf(entries[number % n])
                    : throw new InvalidOperationException($"PBT study '{study.Name}': trial {number} is not of round {round}")), stop);
            if (trial is not null) return (trial, false);
        }
        return (null, false);
    }

    /// <summary>
    /// A member-round whose values were not stored yet (a store may write them just after the trial, and its worker died
    /// in between) gets its member's values from the lineage, never a random draw.
    /// </summary>
    private TrialRecord WithValues(TrialRecord trial)
    {
        if (trial.Params.Count == plan.Space.Ranges.Count) return trial;
        foreach (var value in _rounds.ValuesOf(_rounds.EntryOf(trial.Number)))
            if (!trial.Params.ContainsKey(value.Name))
                study.Store.SetParam(trial.Id, value.Name, value.Value, value.Range);
        return study.Store.GetTrial(trial.Id);
    }
}

using System.Data.Common;
using Caviar.Trials;

namespace Caviar.Storage.Relational;

/// <summary>The worker queue of a relational store (see <see cref="ITrialQueue"/>).</summary>
public abstract partial class RelationalStudyStore
{
    /// <summary>
    /// Two short transactions, each one round trip committed without waiting for the disk: the trial (its number
    /// allocated under the numbering lock, which is held only while the server runs that round trip, so workers never
    /// queue behind one another's network or scheduling delays), then its values. A worker that dies in between leaves
    /// a Running trial without values; the reaper requeues it and whoever claims it draws them.
    /// </summary>
    public TrialRecord? CreateTrialWithin(long studyId, int maxTrials, string worker, DateTimeOffset at,
        Func<int, IReadOnlyList<TrialParam>>? draw = null)
    {
        var trial = WriteAlone(() => InsertTrial(null, _dialect.RelaxDurability + _dialect.NumberingLock, studyId, at, worker, maxTrials));
        if (trial is null || draw is null) return trial;
        IReadOnlyList<TrialParam> values;
        try
        {
            values = draw(trial.Number);
            foreach (var value in values) TrialTransitions.EnsureParamFits(trial.Number, null, value.Name, value.Value, value.Range);
            WriteAlone(() => { InsertParams(null, trial.Id, values, _dialect.RelaxDurability); return 0; });
        }
        catch (Exception error)
        {
            FinishTrial(trial.Id, TrialState.Failed, null, at, $"its values could not be drawn: {error.Message}");
            throw;
        }
        return trial with
        {
            Params = values.ToDictionary(v => v.Name, v => v.Value),
            Distributions = values.ToDictionary(v => v.Name, v => v.Range),
        };
    }

    public TrialRecord? ClaimWaiting(long studyId, string worker, DateTimeOffset at) => Write(transaction =>
    {
        object? id = Sql.Scalar(_connection, transaction, $"""
            UPDATE trials SET state = 'Running', worker = @worker, heartbeat_at_ms = @at, attempts = attempts + 1
            WHERE id = (SELECT id FROM trials WHERE study_id = @study AND state = 'Waiting' ORDER BY number LIMIT 1 {_dialect.SkipLocked})
            RETURNING id
            """, ("@study", studyId), ("@worker", worker), ("@at", at.ToUnixTimeMilliseconds()));
        return id is null or DBNull ? null : RelationalTrialReader.One(_connection, transaction, Convert.ToInt64(id));
    });

    public TrialRecord? ClaimEnqueued(long studyId, DateTimeOffset at) => Write(transaction =>
    {
        object? id = Sql.Scalar(_connection, transaction, $"""
            UPDATE trials SET state = 'Running', worker = NULL, heartbeat_at_ms = NULL, started_at_ms = @at, attempts = attempts + 1
            WHERE id = (SELECT id FROM trials WHERE study_id = @study AND state = 'Waiting' ORDER BY number LIMIT 1 {_dialect.SkipLocked})
            RETURNING id
            """, ("@study", studyId), ("@at", at.ToUnixTimeMilliseconds()));
        return id is null or DBNull ? null : RelationalTrialReader.One(_connection, transaction, Convert.ToInt64(id));
    });

    public void Heartbeat(long trialId, string worker, DateTimeOffset at) => Write(transaction =>
        Sql.Execute(_connection, transaction,
            _dialect.RelaxDurability + "UPDATE trials SET heartbeat_at_ms = @at WHERE id = @id AND worker = @worker AND state = 'Running'",
            ("@at", at.ToUnixTimeMilliseconds()), ("@id", trialId), ("@worker", worker)));

    public int RequeueStale(long studyId, DateTimeOffset staleBefore, int maxAttempts, DateTimeOffset at) => Write(transaction =>
    {
        var stale = new List<(long Id, int Attempts)>();
        Sql.ForEach(_connection, transaction,
            "SELECT id, attempts FROM trials WHERE study_id = @study AND state = 'Running' AND heartbeat_at_ms IS NOT NULL AND heartbeat_at_ms < @before",
            row => stale.Add((row.GetInt64(0), Convert.ToInt32(row.GetValue(1)))),
            ("@study", studyId), ("@before", staleBefore.ToUnixTimeMilliseconds()));
        foreach (var (id, attempts) in stale)
        {
            // Its curve starts again: readers holding the old one must read it whole (schema 7's curve_rewrites).
            Sql.Execute(_connection, transaction,
                "DELETE FROM trial_intermediate_values WHERE trial_id = @id; UPDATE trials SET curve_rewrites = curve_rewrites + 1 WHERE id = @id",
                ("@id", id));
            if (attempts < maxAttempts)
                Sql.Execute(_connection, transaction,
                    "UPDATE trials SET state = 'Waiting', worker = NULL, heartbeat_at_ms = NULL WHERE id = @id", ("@id", id));
            else
                Sql.Execute(_connection, transaction, """
                    UPDATE trials SET state = 'Failed', finished_at_ms = @at, worker = NULL,
                        failure_reason = 'its worker stopped responding ' || CAST(attempts AS TEXT) || ' times'
                    WHERE id = @id
                    """, ("@id", id), ("@at", at.ToUnixTimeMilliseconds()));
        }
        return stale.Count;
    });

    public TrialCounts Count(long studyId) => Read(() =>
    {
        int total = 0, waiting = 0, running = 0;
        Sql.ForEach(_connection, null, "SELECT state, COUNT(*) FROM trials WHERE study_id = @study GROUP BY state", row =>
        {
            int count = Convert.ToInt32(row.GetValue(1));
            total += count;
            if (row.GetString(0) == nameof(TrialState.Waiting)) waiting = count;
            if (row.GetString(0) == nameof(TrialState.Running)) running = count;
        }, ("@study", studyId));
        return new TrialCounts(total, waiting, running);
    });
}

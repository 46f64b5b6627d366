using System.Data.Common;
using Caviar.SearchSpaces;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Storage.Relational;

/// <summary>
/// A study store on a SQL database (SQLite, PostgreSQL). Every write is one transaction of the dialect's writing
/// kind; trial numbers come from MAX(number)+1 under the dialect's per-study lock, backed by
/// UNIQUE(study_id, number), so processes sharing the database never get the same number. One connection per
/// instance, used under a lock, makes an instance safe for many threads.
/// </summary>
public abstract partial class RelationalStudyStore : IStudyStore, ITrialQueue
{
    /// <summary>Times a write is tried again after a transient conflict with another writer. Default 20.</summary>
    public const int MaxWriteAttempts = 20;

    private readonly DbConnection _connection;
    private readonly SqlDialect _dialect;
    private readonly object _gate = new();

    protected RelationalStudyStore(DbConnection connection, SqlDialect dialect)
    {
        _connection = connection;
        _dialect = dialect;
        lock (_gate) RelationalSchema.Ensure(connection, dialect);
    }

    public StudyRecord CreateStudy(string name, ObjectiveDirection direction, DateTimeOffset createdAt,
        string? configuration = null) => Write(transaction =>
    {
        if (QueryStudies(transaction, "WHERE name = @name", ("@name", name)).Count > 0)
            throw new CaviarValidationException("name", $"a study named '{name}' already exists");
        long id = Convert.ToInt64(Sql.Scalar(_connection, transaction,
            "INSERT INTO studies (name, direction, created_at_ms, configuration) VALUES (@name, @direction, @at, @config) RETURNING id",
            ("@name", name), ("@direction", direction.ToString()), ("@at", createdAt.ToUnixTimeMilliseconds()),
            ("@config", configuration)));
        return QueryStudies(transaction, "WHERE id = @id", ("@id", id))[0];
    });

    public StudyRecord? FindStudy(string name) =>
        Read(() => QueryStudies(null, "WHERE name = @name", ("@name", name)).FirstOrDefault());

    public IReadOnlyList<StudyRecord> ListStudies() => Read(() => QueryStudies(null, "ORDER BY id"));

    public TrialRecord CreateTrial(long studyId, DateTimeOffset startedAt) => Write(transaction =>
    {
        if (QueryStudies(transaction, "WHERE id = @id", ("@id", studyId)).Count == 0)
            throw new KeyNotFoundException($"No study with id {studyId}.");
        _dialect.LockStudyForNumbering(_connection, transaction, studyId);
        return InsertTrial(transaction, studyId, startedAt, worker: null, maxTrials: null, draw: null)!;
    });

    /// <summary>
    /// Inserts a Running trial with the next number (unless the study holds <paramref name="maxTrials"/> already) and,
    /// when <paramref name="draw"/> is given, its values; the caller holds the numbering lock.
    /// </summary>
    private TrialRecord? InsertTrial(DbTransaction transaction, long studyId, DateTimeOffset at, string? worker, int? maxTrials,
        Func<int, IReadOnlyList<TrialParam>>? draw)
    {
        long? id = null;
        int number = 0;
        Sql.ForEach(_connection, transaction, """
            INSERT INTO trials (study_id, number, state, started_at_ms, worker, heartbeat_at_ms, attempts)
            SELECT @study, COALESCE(MAX(number) + 1, 0), 'Running', @at, @worker, @beat, 1 FROM trials WHERE study_id = @study
            HAVING COUNT(*) < @max
            RETURNING id, number
            """, row => (id, number) = (row.GetInt64(0), Convert.ToInt32(row.GetValue(1))),
            ("@study", studyId), ("@at", at.ToUnixTimeMilliseconds()), ("@worker", worker),
            ("@beat", worker is null ? null : at.ToUnixTimeMilliseconds()), ("@max", maxTrials ?? int.MaxValue));
        if (id is not { } trialId) return null;
        var trial = new TrialRecord { Id = trialId, StudyId = studyId, Number = number, State = TrialState.Running, StartedAt = at };
        if (draw is null) return trial;
        var values = draw(number);
        foreach (var value in values)
        {
            TrialTransitions.EnsureParamFits(number, null, value.Name, value.Value, value.Range);
            InsertParam(transaction, trialId, value);
        }
        return trial with
        {
            Params = values.ToDictionary(v => v.Name, v => v.Value),
            Distributions = values.ToDictionary(v => v.Name, v => v.Range),
        };
    }

    private void InsertParam(DbTransaction transaction, long trialId, TrialParam value) =>
        Sql.Execute(_connection, transaction, """
            INSERT INTO trial_params (trial_id, name, value, distribution) VALUES (@t, @n, @v, @d)
            ON CONFLICT (trial_id, name) DO UPDATE SET value = excluded.value, distribution = excluded.distribution
            """, ("@t", trialId), ("@n", value.Name), ("@v", value.Value), ("@d", DistributionJson.Write(value.Range)));

    public void SetParam(long trialId, string name, double internalValue, ParameterRange distribution) =>
        SetParams(trialId, [new TrialParam(name, internalValue, distribution)]);

    public void SetParams(long trialId, IReadOnlyList<TrialParam> values) => Write(transaction =>
    {
        int number = RunningTrialNumber(transaction, trialId, "set a parameter");
        foreach (var value in values)
        {
            var existing = Sql.Scalar(_connection, transaction, "SELECT distribution FROM trial_params WHERE trial_id = @t AND name = @n",
                ("@t", trialId), ("@n", value.Name));
            TrialTransitions.EnsureParamFits(number, existing is string json ? DistributionJson.Read(json) : null,
                value.Name, value.Value, value.Range);
            InsertParam(transaction, trialId, value);
        }
        return 0;
    });

    public void ReportIntermediate(long trialId, long step, double value) => Write(transaction =>
    {
        RunningTrialNumber(transaction, trialId, "report an intermediate value");
        Sql.Execute(_connection, transaction, """
            INSERT INTO trial_intermediate_values (trial_id, step, value) VALUES (@t, @s, @v)
            ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value
            """, ("@t", trialId), ("@s", step), ("@v", double.IsNaN(value) ? null : value));
        return 0;
    });

    public void FinishTrial(long trialId, TrialState state, double? value, DateTimeOffset finishedAt,
        string? failureReason = null)
    {
        TrialTransitions.EnsureFinalState(state);
        TrialTransitions.EnsureValueFits(state, value);
        Write(transaction =>
        {
            RunningTrialNumber(transaction, trialId, $"finish as {state}");
            Sql.Execute(_connection, transaction,
                "UPDATE trials SET state = @s, value = @v, finished_at_ms = @at, failure_reason = @r WHERE id = @id",
                ("@s", state.ToString()), ("@v", value), ("@at", finishedAt.ToUnixTimeMilliseconds()),
                ("@r", failureReason), ("@id", trialId));
            return 0;
        });
    }

    public TrialRecord GetTrial(long trialId) => Read(() => RelationalTrialReader.One(_connection, null, trialId));

    public IReadOnlyList<TrialRecord> GetTrials(long studyId) => Read(() => RelationalTrialReader.OfStudy(_connection, studyId));

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The trial's number, after checking it is Running (one light query, not a full read).</summary>
    private int RunningTrialNumber(DbTransaction transaction, long trialId, string action)
    {
        (int Number, TrialState State)? found = null;
        Sql.ForEach(_connection, transaction, "SELECT number, state FROM trials WHERE id = @id",
            row => found = (Convert.ToInt32(row.GetValue(0)), Enum.Parse<TrialState>(row.GetString(1))), ("@id", trialId));
        if (found is not { } trial) throw new KeyNotFoundException($"No trial with id {trialId}.");
        TrialTransitions.EnsureRunning(trial.Number, trial.State, action);
        return trial.Number;
    }

    private T Read<T>(Func<T> query)
    {
        lock (_gate) return query();
    }

    private T Write<T>(Func<DbTransaction, T> change)
    {
        lock (_gate)
        {
            for (int attempt = 1; ; attempt++)
            {
                using var transaction = _dialect.BeginWrite(_connection);
                try
                {
                    var result = change(transaction);
                    transaction.Commit();
                    return result;
                }
                catch (Exception error) when (_dialect.IsTransient(error) && attempt < MaxWriteAttempts)
                {
                    transaction.Rollback();
                    Thread.Sleep(Random.Shared.Next(1, 10 * attempt));
                }
            }
        }
    }

    private List<StudyRecord> QueryStudies(DbTransaction? transaction, string where, params (string Name, object? Value)[] parameters)
    {
        var studies = new List<StudyRecord>();
        Sql.ForEach(_connection, transaction, $"SELECT id, name, direction, created_at_ms, configuration FROM studies {where}",
            reader => studies.Add(new StudyRecord(reader.GetInt64(0), reader.GetString(1),
                Enum.Parse<ObjectiveDirection>(reader.GetString(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4))), parameters);
        return studies;
    }
}

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
        string? configuration = null) => CreateStudy(name, [direction], createdAt, configuration);

    public StudyRecord CreateStudy(string name, IReadOnlyList<ObjectiveDirection> directions, DateTimeOffset createdAt,
        string? configuration = null)
    {
        try
        {
            return InsertStudy(name, directions, createdAt, configuration);
        }
        catch (DbException)
        {
            // Two processes creating the same study at once both find no study, and the second insert breaks the unique
            // name (PostgreSQL's read-committed transactions): the same conflict as a study found by the check. Looked up
            // in the catch, not a filter: a filter runs before the failed transaction is rolled back.
            if (FindStudy(name) is null) throw;
            throw new CaviarConflictException(nameof(name), $"a study named '{name}' already exists");
        }
    }

    private StudyRecord InsertStudy(string name, IReadOnlyList<ObjectiveDirection> directions, DateTimeOffset createdAt,
        string? configuration) => Write(transaction =>
    {
        if (directions.Count == 0) throw new CaviarValidationException("directions", "a study needs at least one objective");
        var direction = directions[0];
        if (QueryStudies(transaction, "WHERE name = @name", ("@name", name)).Count > 0)
            throw new CaviarConflictException(nameof(name), $"a study named '{name}' already exists");
        long id = Convert.ToInt64(Sql.Scalar(_connection, transaction,
            "INSERT INTO studies (name, direction, created_at_ms, configuration) VALUES (@name, @direction, @at, @config) RETURNING id",
            ("@name", name), ("@direction", direction.ToString()), ("@at", createdAt.ToUnixTimeMilliseconds()),
            ("@config", configuration)));
        // One-objective studies keep their direction in studies alone, as before schema 4.
        if (directions.Count > 1)
            Sql.Execute(_connection, transaction,
                "INSERT INTO study_directions (study_id, objective, direction) VALUES " +
                string.Join(", ", directions.Select((_, k) => $"(@id, {k}, @d{k})")),
                [("@id", id), .. directions.Select((d, k) => ($"@d{k}", (object?)d.ToString()))]);
        return QueryStudies(transaction, "WHERE id = @id", ("@id", id))[0];
    });

    public StudyRecord? FindStudy(string name) =>
        Read(() => QueryStudies(null, "WHERE name = @name", ("@name", name)).FirstOrDefault());

    public IReadOnlyList<StudyRecord> ListStudies() => Read(() => QueryStudies(null, "ORDER BY id"));

    public TrialRecord CreateTrial(long studyId, DateTimeOffset startedAt) => Write(transaction =>
    {
        if (Sql.Scalar(_connection, transaction, "SELECT 1 FROM studies WHERE id = @id", ("@id", studyId)) is null)
            throw new KeyNotFoundException($"No study with id {studyId}.");
        return InsertTrial(transaction, _dialect.NumberingLock, studyId, startedAt, worker: null, maxTrials: null)!;
    });

    /// <summary>
    /// The trial and its values in one write transaction. On PostgreSQL the numbering lock is then held while the values
    /// are drawn (a client-side step): fine for one tuning process, which is why workers use <see cref="CreateTrialWithin"/>.
    /// </summary>
    public TrialRecord? CreateTrialWithValues(long studyId, DateTimeOffset startedAt, Func<int, IReadOnlyList<TrialParam>> draw,
        int? maxTrials = null) => Write(transaction =>
    {
        // The insert checks that the study exists (no round trip of its own); only when it inserts nothing is it asked why.
        var trial = InsertTrial(transaction, _dialect.NumberingLock, studyId, startedAt, worker: null, maxTrials, studyMustExist: true);
        if (trial is null)
        {
            if (Sql.Scalar(_connection, transaction, "SELECT 1 FROM studies WHERE id = @id", ("@id", studyId)) is null)
                throw new KeyNotFoundException($"No study with id {studyId}.");
            return null;
        }
        var values = draw(trial.Number);
        foreach (var value in values) TrialTransitions.EnsureParamFits(trial.Number, null, value.Name, value.Value, value.Range);
        InsertParams(transaction, trial.Id, values);
        return trial with
        {
            Params = values.ToDictionary(v => v.Name, v => v.Value),
            Distributions = values.ToDictionary(v => v.Name, v => v.Range),
        };
    });

    /// <summary>
    /// Where the dialect can (<see cref="SqlDialect.InsertsTrialWithValues"/>), the values are drawn for
    /// <paramref name="expectedNumber"/> first, then the numbering lock, the trial (only if that number is the next one,
    /// below the limit, in a study that exists) and its values go in one round trip, one implicit transaction: the lock
    /// is held for that statement only, and trial and values are written together or not at all. When nothing was
    /// inserted, the general way decides (and draws again for the number the trial gets).
    /// </summary>
    public TrialRecord? CreateTrialWithValues(long studyId, DateTimeOffset startedAt, Func<int, IReadOnlyList<TrialParam>> draw,
        int? maxTrials, int expectedNumber)
    {
        if (!_dialect.InsertsTrialWithValues || expectedNumber < 0 || expectedNumber >= (maxTrials ?? int.MaxValue))
            return CreateTrialWithValues(studyId, startedAt, draw, maxTrials);
        var values = draw(expectedNumber);
        foreach (var value in values) TrialTransitions.EnsureParamFits(expectedNumber, null, value.Name, value.Value, value.Range);
        var trial = WriteAlone(() => InsertTrialWithValues(studyId, startedAt, expectedNumber, values));
        if (trial is null) return CreateTrialWithValues(studyId, startedAt, draw, maxTrials);
        return trial with
        {
            Params = values.ToDictionary(v => v.Name, v => v.Value),
            Distributions = values.ToDictionary(v => v.Name, v => v.Range),
        };
    }

    /// <summary>The numbering lock, then trial <paramref name="number"/> and its values in one statement, if that number is next.</summary>
    private TrialRecord? InsertTrialWithValues(long studyId, DateTimeOffset at, int number, IReadOnlyList<TrialParam> values)
    {
        TrialRecord? trial = null;
        var rows = values.Select((_, i) => $"(@n{i}, CAST(@v{i} AS DOUBLE PRECISION), @d{i})");
        string insertValues = values.Count == 0 ? "" : $"""
            , written AS (INSERT INTO trial_params (trial_id, name, value, distribution)
                SELECT created.id, v.name, v.value, v.distribution FROM created,
                (VALUES {string.Join(", ", rows)}) AS v(name, value, distribution))
            """;
        Sql.ForEach(_connection, null, _dialect.NumberingLock + $"""
            WITH created AS (
                INSERT INTO trials (study_id, number, state, started_at_ms, attempts)
                SELECT @study, @number, 'Running', @at, 1
                WHERE COALESCE((SELECT MAX(number) FROM trials WHERE study_id = @study) + 1, 0) = @number
                AND EXISTS (SELECT 1 FROM studies WHERE id = @study)
                RETURNING id, number){insertValues}
            SELECT id, number FROM created
            """, row => trial = new TrialRecord
            {
                Id = row.GetInt64(0), StudyId = studyId, Number = Convert.ToInt32(row.GetValue(1)), State = TrialState.Running,
                StartedAt = at,
            },
            [("@study", studyId), ("@number", number), ("@at", at.ToUnixTimeMilliseconds()),
             .. values.SelectMany((value, i) => new (string, object?)[]
                 { ($"@n{i}", value.Name), ($"@v{i}", value.Value), ($"@d{i}", DistributionJson.Write(value.Range)) })]);
        return trial;
    }

    public TrialRecord EnqueueTrial(long studyId, DateTimeOffset at, IReadOnlyList<TrialParam> values) => Write(transaction =>
    {
        if (QueryStudies(transaction, "WHERE id = @id", ("@id", studyId)).Count == 0)
            throw new KeyNotFoundException($"No study with id {studyId}.");
        var trial = InsertTrial(transaction, _dialect.NumberingLock, studyId, at, worker: null, maxTrials: null, TrialState.Waiting)!;
        foreach (var param in values) TrialTransitions.EnsureParamFits(trial.Number, null, param.Name, param.Value, param.Range);
        InsertParams(transaction, trial.Id, values);
        return RelationalTrialReader.One(_connection, transaction, trial.Id);
    });

    /// <summary>The trial, its parameters, objective and constraint values and its end in one write transaction.</summary>
    public TrialRecord AddFinishedTrial(long studyId, DateTimeOffset at, IReadOnlyList<TrialParam> values,
        IReadOnlyList<double> objectiveValues, IReadOnlyList<double> constraints)
    {
        TrialTransitions.EnsureValuesFit(objectiveValues, constraints);
        var (finish, parameters) = FinishStatement(TrialState.Completed, objectiveValues[0], at, null);
        return Write(transaction =>
        {
            var trial = InsertTrial(transaction, _dialect.NumberingLock, studyId, at, worker: null, maxTrials: null, studyMustExist: true)
                ?? throw new KeyNotFoundException($"No study with id {studyId}.");   // nothing inserted: only a missing study stops it
            foreach (var param in values) TrialTransitions.EnsureParamFits(trial.Number, null, param.Name, param.Value, param.Range);
            InsertParams(transaction, trial.Id, values);
            Sql.Execute(_connection, transaction, finish, [.. parameters, ("@key", trial.Id)]);
            WriteObjectiveRows(transaction, trial.Id, objectiveValues, constraints);
            return RelationalTrialReader.One(_connection, transaction, trial.Id);
        });
    }

    /// <summary>
    /// Inserts a Running trial with the next number, unless the study holds <paramref name="maxTrials"/> already.
    /// <paramref name="before"/> holds the dialect's statements that go first in the same round trip, its numbering
    /// lock among them. Numbers run from 0 without gaps and trials are never deleted, so the next number is also the
    /// count: one index lookup (MAX over the (study_id, number) key) however many trials the study holds, where
    /// COUNT(*) would scan the whole study on every insert.
    /// </summary>
    private TrialRecord? InsertTrial(DbTransaction? transaction, string before, long studyId, DateTimeOffset at, string? worker,
        int? maxTrials, TrialState state = TrialState.Running, bool studyMustExist = false)
    {
        // A Waiting trial has not been started yet: its first claim counts its first attempt.
        TrialRecord? trial = null;
        Sql.ForEach(_connection, transaction, before + $"""
            INSERT INTO trials (study_id, number, state, started_at_ms, worker, heartbeat_at_ms, attempts)
            SELECT @study, next.number, @state, @at, @worker, @beat, @attempts
            FROM (SELECT COALESCE((SELECT MAX(number) FROM trials WHERE study_id = @study) + 1, 0) AS number) AS next
            WHERE next.number < @max{(studyMustExist ? " AND EXISTS (SELECT 1 FROM studies WHERE id = @study)" : "")}
            RETURNING id, number
            """, row => trial = new TrialRecord
            {
                Id = row.GetInt64(0), StudyId = studyId, Number = Convert.ToInt32(row.GetValue(1)), State = state,
                StartedAt = at,
            },
            ("@study", studyId), ("@at", at.ToUnixTimeMilliseconds()), ("@worker", worker),
            ("@beat", worker is null ? null : at.ToUnixTimeMilliseconds()), ("@max", maxTrials ?? int.MaxValue),
            ("@state", state.ToString()), ("@attempts", state == TrialState.Waiting ? 0 : 1));
        return trial;
    }

    /// <summary>Writes (or overwrites) values of a trial with one statement, after the dialect's <paramref name="before"/>.</summary>
    private void InsertParams(DbTransaction? transaction, long trialId, IReadOnlyList<TrialParam> values, string before = "")
    {
        if (values.Count == 0) return;
        var rows = values.Select((_, i) => $"(@t, @n{i}, @v{i}, @d{i})");
        var parameters = values.SelectMany((value, i) => new (string, object?)[]
            { ($"@n{i}", value.Name), ($"@v{i}", value.Value), ($"@d{i}", DistributionJson.Write(value.Range)) });
        Sql.Execute(_connection, transaction, before + $"""
            INSERT INTO trial_params (trial_id, name, value, distribution) VALUES {string.Join(", ", rows)}
            ON CONFLICT (trial_id, name) DO UPDATE SET value = excluded.value, distribution = excluded.distribution
            """, [("@t", trialId), .. parameters]);
    }

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
        }
        InsertParams(transaction, trialId, values);
        return 0;
    });

    /// <summary>
    /// An intermediate value written (or replaced) only while its trial is Running: @t trial, @s step, @v value; then
    /// <see cref="CountRewrite"/>.
    /// </summary>
    private const string WriteIntermediateIfRunning = """
        INSERT INTO trial_intermediate_values (trial_id, step, value)
        SELECT id, @s, @v FROM trials WHERE id = @t AND state = 'Running'
        ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value

        """;

    /// <summary>
    /// After <see cref="WriteIntermediateIfRunning"/>, in the same transaction (<see cref="WriteAsOne{T}"/>): a value
    /// written below the trial's last step (rewritten or out of order) moves the trial's <c>curve_rewrites</c>, so
    /// readers holding the curve read it whole again. Committed apart, a crash between the two would leave a rewritten
    /// value that readers holding the curve never read. A rewrite of the last step itself moves nothing: readers always
    /// read their last step again. One index lookup when nothing moves (the usual report, at a new last step).
    /// </summary>
    private const string CountRewrite = """
        UPDATE trials SET curve_rewrites = curve_rewrites + 1 WHERE id = @t AND state = 'Running'
        AND EXISTS (SELECT 1 FROM trial_intermediate_values WHERE trial_id = @t AND step > @s);

        """;

    private static (string Name, object? Value)[] IntermediateParameters(long trialId, long step, double value) =>
        [("@t", trialId), ("@s", step), ("@v", double.IsNaN(value) ? null : value)];

    /// <summary>
    /// One command, its value and rewrite count committed together (one round trip): the value is written only while
    /// the trial is Running; when no row was written, the trial's state is read to say why.
    /// </summary>
    public void ReportIntermediate(long trialId, long step, double value)
    {
        // An intermediate value lost in a server crash is harmless (the trial's result is what counts): no wait for the log.
        int written = WriteAsOne(transaction => Sql.Execute(_connection, transaction,
            _dialect.RelaxDurability + WriteIntermediateIfRunning + ";\n" + CountRewrite, IntermediateParameters(trialId, step, value)));
        if (written == 0) Read(() => RunningTrialNumber(null, trialId, "report an intermediate value"));
    }

    /// <summary>
    /// The value's statement and the changed trials' read in one command (one round trip; on PostgreSQL one implicit
    /// transaction, so a failed read undoes the write and a retry writes it once): the read runs after the write and
    /// sees it. When no row was written, the trial's state is read to say why and the read is dropped.
    /// </summary>
    public IReadOnlyList<TrialRecord> ReportIntermediateAndGetChanged(long trialId, long step, double value, long studyId,
        int afterNumber, IReadOnlyCollection<int> numbers)
    {
        bool written = false;
        Action<DbDataReader> wrote = _ => written = true;
        // The durability statement returns an empty result of its own (PostgreSQL), which gets a callback that sees no row.
        Action<DbDataReader>[] rows = _dialect.RelaxDurability.Length == 0 ? [wrote] : [_ => { }, wrote];
        var changed = WriteAsOne(transaction =>
        {
            written = false;
            return RelationalTrialReader.ChangedAfter(_connection, _dialect, new RelationalTrialReader.Statements(
                _dialect.RelaxDurability + WriteIntermediateIfRunning + "RETURNING trial_id;\n" + CountRewrite, rows,
                IntermediateParameters(trialId, step, value)), studyId, afterNumber, numbers, transaction);
        });
        if (!written) Read(() => RunningTrialNumber(null, trialId, "report an intermediate value"));
        return changed;
    }

    public void SetUserAttribute(long trialId, string name, object value)
    {
        string json = UserAttributes.ToJson(UserAttributes.Normalize(name, value));
        Write(transaction =>
        {
            RunningTrialNumber(transaction, trialId, "set a user attribute");
            Sql.Execute(_connection, transaction, """
                INSERT INTO trial_user_attributes (trial_id, name, value) VALUES (@t, @n, @v)
                ON CONFLICT (trial_id, name) DO UPDATE SET value = excluded.value
                """, ("@t", trialId), ("@n", name), ("@v", json));
            return 0;
        });
    }

    public void FinishTrial(long trialId, TrialState state, double? value, DateTimeOffset finishedAt,
        string? failureReason = null)
    {
        // One statement, committed on its own: one round trip when the trial is Running, as it nearly always is.
        var (sql, parameters) = FinishStatement(state, value, finishedAt, failureReason);
        if (WriteAlone(() => Sql.Execute(_connection, null, sql, [.. parameters, ("@key", trialId)])) != 1)
            ExplainUnfinished(trialId, state);
    }

    public TrialRecord FinishTrialAndRead(long trialId, TrialState state, double? value, DateTimeOffset finishedAt,
        string? failureReason = null)
    {
        var (sql, parameters) = FinishStatement(state, value, finishedAt, failureReason);
        bool finished = false;
        var trial = WriteAlone(() =>
            RelationalTrialReader.After(_connection, null, trialId, (sql + " RETURNING id;", _ => finished = true, parameters)));
        if (!finished) ExplainUnfinished(trialId, state);
        return trial;
    }

    /// <summary>
    /// The update finishing a Running trial <c>@key</c> (it changes no row otherwise), after checking state and value.
    /// </summary>
    private static (string Sql, (string, object?)[] Parameters) FinishStatement(TrialState state, double? value,
        DateTimeOffset finishedAt, string? failureReason)
    {
        TrialTransitions.EnsureFinalState(state);
        TrialTransitions.EnsureValueFits(state, value);
        return ("UPDATE trials SET state = @s, value = @v, finished_at_ms = @at, failure_reason = @r WHERE id = @key AND state = 'Running'",
            [("@s", state.ToString()), ("@v", value), ("@at", finishedAt.ToUnixTimeMilliseconds()), ("@r", failureReason)]);
    }

    /// <summary>Throws the reason a finishing update changed nothing: no such trial, or it is not Running.</summary>
    private void ExplainUnfinished(long trialId, TrialState state)
    {
        Read(() => RunningTrialNumber(null, trialId, $"finish as {state}"));
        throw new InvalidOperationException($"Trial id {trialId} changed state while it was being finished as {state}.");
    }

    public TrialRecord CompleteTrialAndRead(long trialId, IReadOnlyList<double> values, IReadOnlyList<double> constraints,
        DateTimeOffset finishedAt)
    {
        TrialTransitions.EnsureValuesFit(values, constraints);
        var (sql, parameters) = FinishStatement(TrialState.Completed, values[0], finishedAt, null);
        var trial = Write(transaction =>
        {
            if (Sql.Execute(_connection, transaction, sql, [.. parameters, ("@key", trialId)]) != 1) return null;
            WriteObjectiveRows(transaction, trialId, values, constraints);
            return RelationalTrialReader.One(_connection, transaction, trialId);
        });
        if (trial is null) ExplainUnfinished(trialId, TrialState.Completed);
        return trial!;
    }

    /// <summary>A completed trial's objective values (several objectives only) and constraint values (if any).</summary>
    private void WriteObjectiveRows(DbTransaction transaction, long trialId, IReadOnlyList<double> values, IReadOnlyList<double> constraints)
    {
        // One-objective trials keep their value in trials alone, as before schema 4.
        if (values.Count > 1) InsertNumbers(transaction, "trial_values", "objective", trialId, values);
        if (constraints.Count > 0) InsertNumbers(transaction, "trial_constraints", "constraint_index", trialId, constraints);
    }

    /// <summary>Rows (trial, index, value) of a table of numbered values of a trial, in one statement.</summary>
    private void InsertNumbers(DbTransaction transaction, string table, string indexColumn, long trialId, IReadOnlyList<double> numbers) =>
        Sql.Execute(_connection, transaction,
            $"INSERT INTO {table} (trial_id, {indexColumn}, value) VALUES " +
            string.Join(", ", numbers.Select((_, k) => $"(@t, {k}, @v{k})")),
            [("@t", trialId), .. numbers.Select((v, k) => ($"@v{k}", (object?)v))]);

    public TrialRecord GetTrial(long trialId) => Read(() => RelationalTrialReader.One(_connection, null, trialId));

    public IReadOnlyList<TrialRecord> GetTrials(long studyId) => Read(() => RelationalTrialReader.OfStudy(_connection, studyId));

    public IReadOnlyList<TrialRecord> GetTrialsChanged(long studyId, int afterNumber, IReadOnlyCollection<int> numbers) =>
        Read(() => RelationalTrialReader.Changed(_connection, _dialect, studyId, afterNumber, numbers));

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The trial's number, after checking it is Running (one light query, not a full read).</summary>
    private int RunningTrialNumber(DbTransaction? transaction, long trialId, string action)
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

    /// <summary>One statement outside any explicit transaction (the database commits it alone), retried like <see cref="Write{T}"/>.</summary>
    private T WriteAlone<T>(Func<T> change) => Retrying(change);

    /// <summary>
    /// A command of several statements committed together: on its own where the dialect runs a command as one transaction
    /// (one round trip), else in <see cref="Write{T}"/>'s transaction (handed to the change; null in the first case).
    /// </summary>
    private T WriteAsOne<T>(Func<DbTransaction?, T> change) =>
        _dialect.RunsCommandAsOneTransaction ? WriteAlone(() => change(null)) : Write(change);

    /// <summary>A change in one write transaction of the dialect, committed, retried like <see cref="Retrying{T}"/>.</summary>
    private T Write<T>(Func<DbTransaction, T> change) => Retrying(() =>
    {
        // Disposing a transaction that was not committed rolls it back, so a failed attempt leaves nothing behind.
        using var transaction = _dialect.BeginWrite(_connection);
        var result = change(transaction);
        transaction.Commit();
        return result;
    });

    /// <summary>
    /// Runs a write under the instance's lock, trying again (after a short random pause) when another writer got there
    /// first, up to <see cref="MaxWriteAttempts"/> times.
    /// </summary>
    private T Retrying<T>(Func<T> attempt)
    {
        lock (_gate)
        {
            for (int tries = 1; ; tries++)
            {
                try
                {
                    return attempt();
                }
                catch (Exception error) when (_dialect.IsTransient(error) && tries < MaxWriteAttempts)
                {
                    Thread.Sleep(Random.Shared.Next(1, 10 * tries));
                }
            }
        }
    }

    /// <summary>Studies with their directions: the one in studies, or every objective's from study_directions when it has rows.</summary>
    private List<StudyRecord> QueryStudies(DbTransaction? transaction, string where, params (string Name, object? Value)[] parameters)
    {
        var studies = new List<StudyRecord>();
        var directions = new Dictionary<long, SortedDictionary<int, ObjectiveDirection>>();
        string filter = where.StartsWith("ORDER BY", StringComparison.Ordinal) ? "" : where;
        Sql.ForEachResult(_connection, transaction, $"""
            SELECT id, name, direction, created_at_ms, configuration FROM studies {where};
            SELECT d.study_id, d.objective, d.direction FROM study_directions d
            WHERE d.study_id IN (SELECT id FROM studies {filter});
            """,
        [
            reader => studies.Add(new StudyRecord(reader.GetInt64(0), reader.GetString(1),
                Enum.Parse<ObjectiveDirection>(reader.GetString(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4))),
            reader =>
            {
                long id = reader.GetInt64(0);
                if (!directions.TryGetValue(id, out var list)) directions[id] = list = [];
                list[Convert.ToInt32(reader.GetValue(1))] = Enum.Parse<ObjectiveDirection>(reader.GetString(2));
            },
        ], parameters);
        for (int i = 0; i < studies.Count; i++)
            if (directions.TryGetValue(studies[i].Id, out var list))
                studies[i] = studies[i] with { Directions = list.Values.ToArray() };
        return studies;
    }
}

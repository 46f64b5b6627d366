using Caviar.SearchSpaces;
using Caviar.Trials;
using Caviar.Validation;
using Microsoft.Data.Sqlite;

namespace Caviar.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file (WAL journal). Every write is a BEGIN IMMEDIATE transaction, so
/// processes sharing the file take turns, and trial numbers come from MAX(number)+1 inside that transaction,
/// backed by UNIQUE(study_id, number): two processes never get the same number. One connection per instance,
/// used under a lock, makes an instance safe for many threads.
/// </summary>
public sealed class SqliteStudyStore : IStudyStore
{
    /// <summary>How long a write waits for another process's transaction before giving up. Default 30 s.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly SqliteConnection _connection;
    private readonly object _gate = new();

    private SqliteStudyStore(SqliteConnection connection) => _connection = connection;

    public string Path => _connection.DataSource;

    /// <summary>Opens (creating if needed) the store file at <paramref name="path"/>.</summary>
    public static SqliteStudyStore Open(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { } folder) Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, ForeignKeys = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
        }
        SqliteSchema.Ensure(connection);
        return new SqliteStudyStore(connection);
    }

    public StudyRecord CreateStudy(string name, ObjectiveDirection direction, DateTimeOffset createdAt,
        string? configuration = null) => Write(transaction =>
    {
        if (QueryStudies(transaction, "WHERE name = $name", ("$name", name)).Count > 0)
            throw new CaviarValidationException("name", $"a study named '{name}' already exists");
        long id = Scalar(transaction,
            "INSERT INTO studies (name, direction, created_at_ms, configuration) VALUES ($name, $direction, $at, $config) RETURNING id",
            ("$name", name), ("$direction", direction.ToString()), ("$at", createdAt.ToUnixTimeMilliseconds()),
            ("$config", configuration));
        return QueryStudies(transaction, "WHERE id = $id", ("$id", id))[0];
    });

    public StudyRecord? FindStudy(string name) =>
        Read(() => QueryStudies(null, "WHERE name = $name", ("$name", name)).FirstOrDefault());

    public IReadOnlyList<StudyRecord> ListStudies() => Read(() => QueryStudies(null, "ORDER BY id"));

    public TrialRecord CreateTrial(long studyId, DateTimeOffset startedAt) => Write(transaction =>
    {
        if (QueryStudies(transaction, "WHERE id = $id", ("$id", studyId)).Count == 0)
            throw new KeyNotFoundException($"No study with id {studyId}.");
        long id = Scalar(transaction, """
            INSERT INTO trials (study_id, number, state, started_at_ms)
            SELECT $study, COALESCE(MAX(number) + 1, 0), 'Running', $at FROM trials WHERE study_id = $study
            RETURNING id
            """, ("$study", studyId), ("$at", startedAt.ToUnixTimeMilliseconds()));
        return SqliteTrialReader.One(_connection, transaction, id);
    });

    public void SetParam(long trialId, string name, double internalValue, ParameterRange distribution) =>
        Write(transaction =>
        {
            var trial = RunningTrial(transaction, trialId, "set a parameter");
            TrialTransitions.EnsureParamFits(trial, name, internalValue, distribution);
            Execute(transaction, "INSERT OR REPLACE INTO trial_params (trial_id, name, value, distribution) VALUES ($t, $n, $v, $d)",
                ("$t", trialId), ("$n", name), ("$v", internalValue), ("$d", DistributionJson.Write(distribution)));
            return 0;
        });

    public void ReportIntermediate(long trialId, long step, double value) => Write(transaction =>
    {
        RunningTrial(transaction, trialId, "report an intermediate value");
        Execute(transaction, "INSERT OR REPLACE INTO trial_intermediate_values (trial_id, step, value) VALUES ($t, $s, $v)",
            ("$t", trialId), ("$s", step), ("$v", double.IsNaN(value) ? null : value));
        return 0;
    });

    public void FinishTrial(long trialId, TrialState state, double? value, DateTimeOffset finishedAt,
        string? failureReason = null)
    {
        TrialTransitions.EnsureFinalState(state);
        TrialTransitions.EnsureValueFits(state, value);
        Write(transaction =>
        {
            RunningTrial(transaction, trialId, $"finish as {state}");
            Execute(transaction, "UPDATE trials SET state = $s, value = $v, finished_at_ms = $at, failure_reason = $r WHERE id = $id",
                ("$s", state.ToString()), ("$v", value), ("$at", finishedAt.ToUnixTimeMilliseconds()),
                ("$r", failureReason), ("$id", trialId));
            return 0;
        });
    }

    public TrialRecord GetTrial(long trialId) => Read(() => SqliteTrialReader.One(_connection, null, trialId));

    public IReadOnlyList<TrialRecord> GetTrials(long studyId) => Read(() => SqliteTrialReader.OfStudy(_connection, studyId));

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }

    private TrialRecord RunningTrial(SqliteTransaction transaction, long trialId, string action)
    {
        var trial = SqliteTrialReader.One(_connection, transaction, trialId);
        TrialTransitions.EnsureRunning(trial, action);
        return trial;
    }

    private T Read<T>(Func<T> query)
    {
        lock (_gate) return query();
    }

    private T Write<T>(Func<SqliteTransaction, T> change)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var result = change(transaction);
            transaction.Commit();
            return result;
        }
    }

    private List<StudyRecord> QueryStudies(SqliteTransaction? transaction, string where,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction,
            $"SELECT id, name, direction, created_at_ms, configuration FROM studies {where}", parameters);
        using var reader = command.ExecuteReader();
        var studies = new List<StudyRecord>();
        while (reader.Read())
            studies.Add(new StudyRecord(reader.GetInt64(0), reader.GetString(1),
                Enum.Parse<ObjectiveDirection>(reader.GetString(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        return studies;
    }

    private long Scalar(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}

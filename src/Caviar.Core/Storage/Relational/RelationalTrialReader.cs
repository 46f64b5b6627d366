using System.Data.Common;
using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.Storage.Relational;

/// <summary>Reads trials with their parameters, intermediate values, objective values, constraints and user attributes: six queries in one round trip for any number of trials.</summary>
internal static class RelationalTrialReader
{
    public static TrialRecord One(DbConnection connection, DbTransaction? transaction, long trialId) =>
        After(connection, transaction, trialId, null);

    /// <summary>
    /// Runs <paramref name="first"/> (a statement that may use <c>@key</c>, the trial's id, and whose result rows go to
    /// its callback), then reads the trial, all in one round trip.
    /// </summary>
    public static TrialRecord After(DbConnection connection, DbTransaction? transaction, long trialId,
        (string Sql, Action<DbDataReader> Row, (string Name, object? Value)[] Parameters)? first) =>
        Load(connection, transaction, "t.id = @key", trialId,
            first is { } statement ? new Statements(statement.Sql, [statement.Row], statement.Parameters) : null).SingleOrDefault()
        ?? throw new KeyNotFoundException($"No trial with id {trialId}.");

    public static IReadOnlyList<TrialRecord> OfStudy(DbConnection connection, long studyId) =>
        Load(connection, null, "t.study_id = @key", studyId, null);

    /// <summary>The study's trials numbered above <paramref name="afterNumber"/> or in <paramref name="numbers"/>.</summary>
    public static IReadOnlyList<TrialRecord> Changed(DbConnection connection, long studyId, int afterNumber,
        IReadOnlyCollection<int> numbers) => ChangedAfter(connection, null, studyId, afterNumber, numbers);

    /// <summary>
    /// Runs <paramref name="first"/> (statements whose results go to their callbacks, one per result, in order; they
    /// may not use <c>@key</c> or <c>@after</c>), then reads <see cref="Changed"/>, all in one command: one round trip,
    /// and on PostgreSQL one implicit transaction (a failed read undoes the statements' writes).
    /// </summary>
    public static IReadOnlyList<TrialRecord> ChangedAfter(DbConnection connection, Statements? first, long studyId,
        int afterNumber, IReadOnlyCollection<int> numbers)
    {
        var listed = numbers.Select((n, i) => ($"@n{i}", (object?)n)).ToArray();
        // Each side of the union is a range or lookups on the (study_id, number) index. Written as one OR, SQLite
        // used the index for study_id only and walked every trial of the study, in each of the six statements
        // (2 ms of a report's read at 10,000 trials).
        string filter = listed.Length == 0
            ? "t.study_id = @key AND t.number > @after"
            : "t.id IN (SELECT id FROM trials WHERE study_id = @key AND number > @after UNION ALL " +
              $"SELECT id FROM trials WHERE study_id = @key AND number IN ({string.Join(", ", listed.Select(p => p.Item1))}))";
        return Load(connection, null, filter, studyId, first, [("@after", afterNumber), .. listed]);
    }

    /// <summary>Statements sent before a read, with one callback per result they return.</summary>
    internal readonly record struct Statements(string Sql, Action<DbDataReader>[] Rows, (string Name, object? Value)[] Parameters);

    private static List<TrialRecord> Load(DbConnection connection, DbTransaction? transaction, string filter, long key,
        Statements? first,
        (string Name, object? Value)[]? filterParameters = null)
    {
        var parameters = new Dictionary<long, (Dictionary<string, double> Values, Dictionary<string, ParameterRange> Ranges)>();
        var intermediate = new Dictionary<long, SortedDictionary<long, double>>();
        var attributes = new Dictionary<long, Dictionary<string, object>>();
        var objectiveValues = new Dictionary<long, SortedDictionary<int, double>>();
        var constraintValues = new Dictionary<long, SortedDictionary<int, double>>();
        var trials = new List<TrialRecord>();
        Sql.ForEachResult(connection, transaction, (first?.Sql ?? "") + $"""
            SELECT p.trial_id, p.name, p.value, p.distribution FROM trial_params p WHERE p.trial_id IN (SELECT t.id FROM trials t WHERE {filter});
            SELECT i.trial_id, i.step, i.value FROM trial_intermediate_values i WHERE i.trial_id IN (SELECT t.id FROM trials t WHERE {filter});
            SELECT v.trial_id, v.objective, v.value FROM trial_values v WHERE v.trial_id IN (SELECT t.id FROM trials t WHERE {filter});
            SELECT c.trial_id, c.constraint_index, c.value FROM trial_constraints c WHERE c.trial_id IN (SELECT t.id FROM trials t WHERE {filter});
            SELECT a.trial_id, a.name, a.value FROM trial_user_attributes a WHERE a.trial_id IN (SELECT t.id FROM trials t WHERE {filter});
            SELECT t.id, t.study_id, t.number, t.state, t.value, t.started_at_ms, t.finished_at_ms, t.failure_reason, t.worker FROM trials t WHERE {filter} ORDER BY t.number;
            """,
        [
            .. first?.Rows ?? [],
            row =>
            {
                long id = row.GetInt64(0);
                if (!parameters.TryGetValue(id, out var entry))
                    parameters[id] = entry = (new Dictionary<string, double>(), new Dictionary<string, ParameterRange>());
                entry.Values[row.GetString(1)] = row.GetDouble(2);
                entry.Ranges[row.GetString(1)] = DistributionJson.Read(row.GetString(3));
            },
            row =>
            {
                long id = row.GetInt64(0);
                if (!intermediate.TryGetValue(id, out var curve)) intermediate[id] = curve = new SortedDictionary<long, double>();
                curve[row.GetInt64(1)] = row.IsDBNull(2) ? double.NaN : row.GetDouble(2);
            },
            row => Numbered(objectiveValues, row),
            row => Numbered(constraintValues, row),
            row =>
            {
                long id = row.GetInt64(0);
                if (!attributes.TryGetValue(id, out var named)) attributes[id] = named = new Dictionary<string, object>();
                named[row.GetString(1)] = UserAttributes.FromJson(row.GetString(2));
            },
            row =>
            {
                long id = row.GetInt64(0);
                var trial = new TrialRecord
                {
                    Id = id, StudyId = row.GetInt64(1), Number = Convert.ToInt32(row.GetValue(2)),
                    State = Enum.Parse<TrialState>(row.GetString(3)),
                    Value = row.IsDBNull(4) ? null : row.GetDouble(4),
                    StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(5)),
                    FinishedAt = row.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(6)),
                    FailureReason = row.IsDBNull(7) ? null : row.GetString(7),
                    Worker = row.IsDBNull(8) ? null : row.GetString(8),
                };
                trials.Add(trial);
            },
        ], [("@key", key), .. first?.Parameters ?? [], .. filterParameters ?? []]);
        for (int i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            if (parameters.TryGetValue(trial.Id, out var p)) trial = trial with { Params = p.Values, Distributions = p.Ranges };
            if (intermediate.TryGetValue(trial.Id, out var curve)) trial = trial with { IntermediateValues = curve };
            if (attributes.TryGetValue(trial.Id, out var named)) trial = trial with { UserAttributes = named };
            if (objectiveValues.TryGetValue(trial.Id, out var values)) trial = trial with { Values = values.Values.ToArray() };
            if (constraintValues.TryGetValue(trial.Id, out var constraints)) trial = trial with { Constraints = constraints.Values.ToArray() };
            trials[i] = trial;
        }
        return trials;
    }

    /// <summary>A row (trial id, index, value) into the trial's numbered values.</summary>
    private static void Numbered(Dictionary<long, SortedDictionary<int, double>> into, DbDataReader row)
    {
        long id = row.GetInt64(0);
        if (!into.TryGetValue(id, out var numbered)) into[id] = numbered = [];
        numbered[Convert.ToInt32(row.GetValue(1))] = row.GetDouble(2);
    }
}

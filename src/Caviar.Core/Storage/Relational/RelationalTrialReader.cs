using System.Data.Common;
using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.Storage.Relational;

/// <summary>Reads trials with their parameters and intermediate values: three queries for any number of trials.</summary>
internal static class RelationalTrialReader
{
    public static TrialRecord One(DbConnection connection, DbTransaction? transaction, long trialId) =>
        Load(connection, transaction, "t.id = @key", trialId).SingleOrDefault()
        ?? throw new KeyNotFoundException($"No trial with id {trialId}.");

    public static IReadOnlyList<TrialRecord> OfStudy(DbConnection connection, long studyId) =>
        Load(connection, null, "t.study_id = @key", studyId);

    private static List<TrialRecord> Load(DbConnection connection, DbTransaction? transaction, string filter, long key)
    {
        var parameters = new Dictionary<long, (Dictionary<string, double> Values, Dictionary<string, ParameterRange> Ranges)>();
        Sql.ForEach(connection, transaction,
            $"SELECT p.trial_id, p.name, p.value, p.distribution FROM trial_params p JOIN trials t ON t.id = p.trial_id WHERE {filter}", row =>
            {
                long id = row.GetInt64(0);
                if (!parameters.TryGetValue(id, out var entry))
                    parameters[id] = entry = (new Dictionary<string, double>(), new Dictionary<string, ParameterRange>());
                entry.Values[row.GetString(1)] = row.GetDouble(2);
                entry.Ranges[row.GetString(1)] = DistributionJson.Read(row.GetString(3));
            }, ("@key", key));
        var intermediate = new Dictionary<long, SortedDictionary<long, double>>();
        Sql.ForEach(connection, transaction,
            $"SELECT i.trial_id, i.step, i.value FROM trial_intermediate_values i JOIN trials t ON t.id = i.trial_id WHERE {filter}", row =>
            {
                long id = row.GetInt64(0);
                if (!intermediate.TryGetValue(id, out var curve)) intermediate[id] = curve = new SortedDictionary<long, double>();
                curve[row.GetInt64(1)] = row.IsDBNull(2) ? double.NaN : row.GetDouble(2);
            }, ("@key", key));
        var trials = new List<TrialRecord>();
        Sql.ForEach(connection, transaction,
            $"SELECT t.id, t.study_id, t.number, t.state, t.value, t.started_at_ms, t.finished_at_ms, t.failure_reason FROM trials t WHERE {filter} ORDER BY t.number", row =>
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
                };
                if (parameters.TryGetValue(id, out var p)) trial = trial with { Params = p.Values, Distributions = p.Ranges };
                if (intermediate.TryGetValue(id, out var curve)) trial = trial with { IntermediateValues = curve };
                trials.Add(trial);
            }, ("@key", key));
        return trials;
    }
}

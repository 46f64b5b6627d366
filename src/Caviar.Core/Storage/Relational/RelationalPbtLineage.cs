using Caviar.Pbt;

namespace Caviar.Storage.Relational;

/// <summary>The lineage of population-based training in table pbt_lineage (schema 6).</summary>
public abstract partial class RelationalStudyStore : IPbtLineageStore
{
    public void AddPbtEntries(long studyId, IReadOnlyList<PbtLineageEntry> entries)
    {
        if (entries.Count == 0) return;
        Write(transaction =>
        {
            // One statement: the round's rows land together, and rows already stored (a resumed run) are kept.
            var parameters = new List<(string, object?)> { ("@s", studyId) };
            var rows = new List<string>();
            for (int i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                rows.Add($"(@s, @m{i}, @r{i}, @p{i}, @h{i}, @v{i})");
                parameters.AddRange([($"@m{i}", e.Member), ($"@r{i}", e.Round), ($"@p{i}", e.ParentMember),
                    ($"@h{i}", PbtHyperParametersJson.Write(e.HyperParameters)), ($"@v{i}", e.Score)]);
            }
            Sql.Execute(_connection, transaction,
                "INSERT INTO pbt_lineage (study_id, member, round, parent_member, hyperparameters, score) VALUES " +
                string.Join(", ", rows) + " ON CONFLICT (study_id, round, member) DO NOTHING", [.. parameters]);
            return 0;
        });
    }

    public void SetPbtScore(long studyId, int member, int round, double? score)
    {
        int changed = WriteAlone(() => Sql.Execute(_connection, null,
            "UPDATE pbt_lineage SET score = @v WHERE study_id = @s AND member = @m AND round = @r",
            ("@v", score), ("@s", studyId), ("@m", member), ("@r", round)));
        if (changed != 1)
            throw new KeyNotFoundException($"study {studyId} has no lineage entry for member {member} in round {round}");
    }

    public IReadOnlyList<PbtLineageEntry> GetPbtLineage(long studyId) => Read(() =>
    {
        var entries = new List<PbtLineageEntry>();
        Sql.ForEach(_connection, null, """
            SELECT member, round, parent_member, hyperparameters, score FROM pbt_lineage
            WHERE study_id = @s ORDER BY round, member
            """,
            row => entries.Add(new PbtLineageEntry(Convert.ToInt32(row.GetValue(0)), Convert.ToInt32(row.GetValue(1)),
                row.IsDBNull(2) ? null : Convert.ToInt32(row.GetValue(2)), PbtHyperParametersJson.Read(row.GetString(3)),
                row.IsDBNull(4) ? null : row.GetDouble(4))),
            ("@s", studyId));
        return entries;
    });
}

using Caviar.Storage.Postgres;
using Caviar.Storage.Relational;
using Caviar.Tests.Support;
using Caviar.Trials;
using Npgsql;

namespace Caviar.Tests.Storage;

/// <summary>
/// The changed-trials read (every report with a pruner, every ask) runs on PostgreSQL with generic plans, planned once
/// per connection (issue 19 part 3, pg19c): checked here through the plans themselves, which load does not change —
/// each of its statements, planned generic as the store's command plans it, reads the study's trials and the child
/// tables that hold rows through an index (never a scan of a whole table, which a generic semi-join chose), without JIT compilation
/// (a generic plan is costed for a third of the study, over <c>jit_above_cost</c>), and with parameters left open.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Needs", "postgres")]
public class PostgresChangedTrialsPlanTests(PostgresServer server)
{
    private const int Finished = 5_000;

    [Fact]
    public void The_changed_trials_read_sees_new_and_unfinished_trials_and_its_generic_plans_use_indexes_without_jit()
    {
        string url = server.NewDatabase();
        using var store = PostgresStudyStore.Open(url);
        long study = store.CreateStudy("planned", ObjectiveDirection.Minimize, DateTimeOffset.UnixEpoch).Id;
        using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(url));
        connection.Open();
        string distribution = "{\"type\":\"continuous\",\"name\":\"x\",\"minValue\":0,\"maxValue\":" + Finished + "}";
        Execute(connection, $"""
            INSERT INTO trials (study_id, number, state, value, started_at_ms, finished_at_ms)
                SELECT {study}, n, 'Completed', n, n, n + 1 FROM generate_series(0, {Finished - 1}) n;
            INSERT INTO trial_params (trial_id, name, value, distribution)
                SELECT id, 'x', number, '{distribution}' FROM trials;
            INSERT INTO trial_intermediate_values (trial_id, step, value)
                SELECT id, s, number + s FROM trials, generate_series(1, 20) s;
            SELECT setval(pg_get_serial_sequence('trials', 'id'), (SELECT MAX(id) FROM trials));
            ANALYZE;
            """);
        var running = store.CreateTrial(study, DateTimeOffset.UnixEpoch);
        store.ReportIntermediate(running.Id, 3, 0.25);
        var added = store.CreateTrial(study, DateTimeOffset.UnixEpoch);
        store.FinishTrial(added.Id, TrialState.Completed, 1.5, DateTimeOffset.UnixEpoch);

        // Seen up to the running trial, which was unfinished: it comes again (with its value), and the trial added after it.
        var changed = store.GetTrialsChanged(study, running.Number, [running.Number]);
        Assert.Equal([running.Number, added.Number], changed.Select(t => t.Number));
        Assert.Equal(0.25, changed[0].IntermediateValues[3]);
        Assert.Equal((TrialState.Completed, (double?)1.5), (changed[1].State, changed[1].Value));
        // Many calls, many shapes of the unfinished list: one statement text each, so still the same answers.
        for (int i = 0; i < 8; i++)
            Assert.Equal([running.Number, added.Number],
                store.GetTrialsChanged(study, Finished - 1 - i, [.. Enumerable.Range(Finished - i, i), running.Number]).Select(t => t.Number).Skip(i));
        Assert.Equal(Finished + 2, store.GetTrials(study).Count);

        var statements = RelationalTrialReader.ChangedReadsByArray
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, statements.Length);
        using var transaction = connection.BeginTransaction();
        // Any plan would be compiled (where the server has JIT), unless the read's own settings turn it off.
        Execute(connection, "SET LOCAL jit_above_cost = 0; " + RelationalTrialReader.GenericPlanOnly);
        for (int i = 0; i < statements.Length; i++)
        {
            string sql = statements[i].Replace("@key", "$1").Replace("@after", "$2").Replace("@numbers", "$3")
                .Replace("@from_steps", "$4").Replace("@marks", "$5").Replace("@lowest", "$6");
            Execute(connection, $"PREPARE changed{i}(bigint, integer, integer[], bigint[], bigint[], bigint) AS {sql}");
            // The running trial held up to step 3 at its current rewrite count (0): its values are read from step 3 on.
            string plan = Explain(connection, $"EXPLAIN (ANALYZE, COSTS OFF) EXECUTE changed{i}({study}, {running.Number}, " +
                                              $"ARRAY[{running.Number}], ARRAY[3]::bigint[], ARRAY[0]::bigint[], {long.MinValue})");
            // The tables that grow with the study (empty ones may be scanned: nothing to read).
            foreach (var table in new[] { "trials", "trial_params", "trial_intermediate_values" })
                Assert.False(plan.Contains($"Seq Scan on {table} ", StringComparison.Ordinal), $"{table} scanned whole:\n{plan}");
            Assert.False(plan.Contains("JIT", StringComparison.Ordinal), plan);
            Assert.True(plan.Contains("$2", StringComparison.Ordinal), plan);   // a generic plan: the parameters are not folded in
            Assert.True(plan.Contains("Index", StringComparison.Ordinal), plan);
        }
        transaction.Commit();
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string Explain(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}

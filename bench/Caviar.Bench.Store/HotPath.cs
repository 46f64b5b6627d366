using System.Data.Common;
using System.Diagnostics;
using Caviar.Pruning;
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Storage.Postgres;
using Caviar.Storage.Sqlite;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Trials;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Caviar.Bench.Store;

/// <summary>
/// <c>hotpath</c> mode (issue 19): in a study of N finished trials with S intermediate values each, the median time of
/// (1) reporting one intermediate value and asking the pruner (the median rule) whether to stop, as a training trial
/// does on every metric line, and (2) asking one trial as the tuning run does (its stop check reads the trials, then
/// the ask, which draws from that read as the tuning run does), with Random (the store's share) and with TPE (which
/// also models all N trials). Side by side in the same run: the same steps reading the whole study from the store
/// (<c>GetTrials</c>) each time, as before the trial cache. Besides times (which load changes), each row gives what
/// load does not change: bytes allocated per operation by the measuring thread and collections per 100 operations.
/// </summary>
internal static class HotPath
{
    /// <param name="earlierSteps">
    /// Values the running trial reports before the report row is measured (its curve's length when measured; default 0):
    /// a report's cost must not grow with it (issue 19 follow-up, curve19).
    /// </param>
    public static void Run(string work, string server, int trials, int steps, int repeats, string[] kinds, int earlierSteps = 0)
    {
        Console.WriteLine($"Hot paths in a study of {trials} finished trials with {steps} intermediate values each, " +
                          $"the reporting trial {earlierSteps} earlier values — " +
                          $"{Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}; median of {repeats} runs (whole-study reads: of {(repeats + 9) / 10}) after warm-up (ms)");
        Console.WriteLine($"{"store",-9} {"operation",-36} {"incremental",12} {"whole study",12} {"ratio",7}");
        foreach (var kind in kinds)
        {
            string location = kind == "sqlite" ? Path.Combine(work, $"hotpath-{trials}.db") : NewDatabase(server, $"hotpath_{trials}");
            var fill = Stopwatch.StartNew();
            Fill(location, trials, steps);
            Console.Error.WriteLine($"{kind}: filled in {fill.Elapsed.TotalSeconds:F1} s");
            using IStudyStore store = PostgresUrl.IsPostgres(location) ? PostgresStudyStore.Open(location) : SqliteStudyStore.Open(location);
            var space = new SearchSpace([new ContinuousRange("x", 0, 1)]);

            var pruned = new MedianStoppingRule();
            // The whole-study side has a rule of its own: one rule handed plain lists and the cache's reads in turn
            // starts its index over at each switch (28 MB at 10,000 trials), which would be charged to the cached side.
            var prunedFromWholeReads = new MedianStoppingRule();
            var study = Study.Load(store, "hotpath", new StudyOptions { Strategy = new RandomSearch(), Pruner = pruned });
            var running = study.Ask(space);
            long step = 0;
            for (; step < earlierSteps; step++) store.ReportIntermediate(running.Id, step + 1, 1.0 / (step + 1));
            (double, double) Report(bool whole)
            {
                var clock = Stopwatch.StartNew();
                running.Report(++step, 1.0 / step);
                double write = clock.Elapsed.TotalMilliseconds;
                if (whole)
                {
                    var all = store.GetTrials(study.Record.Id);
                    prunedFromWholeReads.ShouldPrune(all.First(t => t.Id == running.Id), all, study.Direction);
                }
                else running.ShouldPrune();
                return (write, clock.Elapsed.TotalMilliseconds - write);
            }
            Row(kind, "report + should-prune (median rule)", "write", "read+rule", repeats, () => Report(false), () => Report(true));
            study.Tell(running, 0.5);

            foreach (var (name, strategy) in new (string, ISearchStrategy)[] { ("Random", new RandomSearch()), ("TPE", new TpeStrategy()) })
            {
                var asking = Study.Load(store, "hotpath", new StudyOptions { Strategy = strategy });
                (double, double) Ask(bool whole)
                {
                    var clock = Stopwatch.StartNew();
                    // The run's stop check: this read (a target or a patience criterion adds what BestTrialTracker takes
                    // in, the trials completed since the last check: one here).
                    var seen = whole ? store.GetTrials(asking.Record.Id) : asking.CurrentTrials();
                    double check = clock.Elapsed.TotalMilliseconds;
                    var trial = (whole ? asking.TryAskWithin(space, null) : asking.TryAskWithin(space, null, seen))!;
                    double ms = clock.Elapsed.TotalMilliseconds;
                    asking.Tell(trial, 0.5);
                    return (check, ms - check);
                }
                Row(kind, $"ask one trial ({name})", "stop check", "draw+write", repeats, () => Ask(false), () => Ask(true));
            }
        }
        Console.WriteLine("Goal: each incremental figure under 1 ms.");
    }

    /// <summary>One line: the medians of the operation's two parts and of their sum, the cached way and reading the whole study.</summary>
    private static void Row(string kind, string operation, string first, string second, int repeats,
        Func<(double, double)> incremental, Func<(double, double)> whole)
    {
        // JIT (enough calls for tiered compilation to reach optimised code, else the first row measures tier-0 code),
        // the cache's first full read.
        for (int i = 0; i < 3; i++) whole();
        for (int i = 0; i < 60; i++) incremental();
        var ours = new List<(double, double)>();
        var before = new List<(double, double)>();
        long allocated = 0;
        int gen0 = 0, gen2 = 0;
        // Reading the whole study takes seconds at 10,000 trials: it gets one run in ten, interleaved.
        for (int i = 0; i < repeats; i++)
        {
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            int collections0 = GC.CollectionCount(0), collections2 = GC.CollectionCount(2);
            ours.Add(incremental());
            allocated += GC.GetAllocatedBytesForCurrentThread() - bytes;
            gen0 += GC.CollectionCount(0) - collections0;
            gen2 += GC.CollectionCount(2) - collections2;
            if (i % 10 == 0) before.Add(whole());
        }
        double a = Median([.. ours.Select(p => p.Item1 + p.Item2)]), b = Median([.. before.Select(p => p.Item1 + p.Item2)]);
        Console.WriteLine($"{kind,-9} {operation,-36} {a,12:F3} {b,12:F3} {b / a,6:F1}x   ({first} {Median([.. ours.Select(p => p.Item1)]):F3}, " +
                          $"{second} {Median([.. ours.Select(p => p.Item2)]):F3}; {allocated / repeats:N0} B/op, " +
                          $"gen0 {100.0 * gen0 / repeats:F1}, gen2 {100.0 * gen2 / repeats:F1} per 100 ops)");
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    /// <summary>Writes the study through the store, then its finished trials in bulk (one transaction; COPY on PostgreSQL).</summary>
    private static void Fill(string location, int trials, int steps)
    {
        using (IStudyStore store = PostgresUrl.IsPostgres(location) ? PostgresStudyStore.Open(location) : SqliteStudyStore.Open(location))
            store.CreateStudy("hotpath", ObjectiveDirection.Minimize, DateTimeOffset.UnixEpoch);
        var random = new Random(1);
        string distribution = """{"type":"continuous","name":"x","minValue":0,"maxValue":1}""";
        if (PostgresUrl.IsPostgres(location))
        {
            using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(location));
            connection.Open();
            long studyId = Convert.ToInt64(new NpgsqlCommand("SELECT id FROM studies WHERE name = 'hotpath'", connection).ExecuteScalar());
            long firstId = Convert.ToInt64(new NpgsqlCommand("SELECT COALESCE(MAX(id), 0) + 1 FROM trials", connection).ExecuteScalar());
            using (var copy = connection.BeginTextImport("COPY trials (id, study_id, number, state, value, started_at_ms, finished_at_ms) FROM STDIN"))
                for (int n = 0; n < trials; n++)
                    copy.Write($"{firstId + n}\t{studyId}\t{n}\tCompleted\t{random.NextDouble()}\t{n}\t{n + 1}\n");
            using (var copy = connection.BeginTextImport("COPY trial_params (trial_id, name, value, distribution) FROM STDIN"))
                for (int n = 0; n < trials; n++)
                    copy.Write($"{firstId + n}\tx\t{random.NextDouble()}\t{distribution}\n");
            using (var copy = connection.BeginTextImport("COPY trial_intermediate_values (trial_id, step, value) FROM STDIN"))
                for (int n = 0; n < trials; n++)
                    for (int s = 1; s <= steps; s++)
                        copy.Write($"{firstId + n}\t{s}\t{random.NextDouble() / s}\n");
            new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('trials', 'id'), {firstId + trials})", connection).ExecuteNonQuery();
            new NpgsqlCommand("ANALYZE", connection).ExecuteNonQuery();
            return;
        }
        using var sqlite = new SqliteConnection($"Data Source={location}");
        sqlite.Open();
        using var transaction = sqlite.BeginTransaction();
        long id = Convert.ToInt64(Command(sqlite, transaction, "SELECT id FROM studies WHERE name = 'hotpath'").ExecuteScalar());
        var trial = Command(sqlite, transaction, "INSERT INTO trials (study_id, number, state, value, started_at_ms, finished_at_ms) VALUES ($s, $n, 'Completed', $v, $n, $n + 1) RETURNING id", "$s", "$n", "$v");
        var param = Command(sqlite, transaction, "INSERT INTO trial_params (trial_id, name, value, distribution) VALUES ($t, 'x', $v, $d)", "$t", "$v", "$d");
        var intermediate = Command(sqlite, transaction, "INSERT INTO trial_intermediate_values (trial_id, step, value) VALUES ($t, $s, $v)", "$t", "$s", "$v");
        for (int n = 0; n < trials; n++)
        {
            trial.Parameters["$s"].Value = id;
            trial.Parameters["$n"].Value = n;
            trial.Parameters["$v"].Value = random.NextDouble();
            long trialId = Convert.ToInt64(trial.ExecuteScalar());
            param.Parameters["$t"].Value = trialId;
            param.Parameters["$v"].Value = random.NextDouble();
            param.Parameters["$d"].Value = distribution;
            param.ExecuteNonQuery();
            for (int s = 1; s <= steps; s++)
            {
                intermediate.Parameters["$t"].Value = trialId;
                intermediate.Parameters["$s"].Value = s;
                intermediate.Parameters["$v"].Value = random.NextDouble() / s;
                intermediate.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    internal static string NewDatabase(string server, string name)
    {
        using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(server));
        connection.Open();
        using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}", connection)) drop.ExecuteNonQuery();
        using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection)) create.ExecuteNonQuery();
        return server[..server.LastIndexOf('/')] + "/" + name;
    }
}

using System.Diagnostics;
using System.Text.Json;
using Caviar.Storage;
using Caviar.Storage.Postgres;
using Caviar.Storage.Sqlite;
using Npgsql;

// Trials per second through the store with 1, 2, 4 and 8 worker processes, on SQLite and on PostgreSQL, side by
// side with Optuna 3.1's RDBStorage on the same database server. Throughput = trials / (last completion − first
// start), read from each side's own records, so process start-up is not counted. See bench/README.md.
// `hotpath [TRIALS] [STEPS] [REPEATS] [STORES] [EARLIER]`: report + should-prune and ask in a study of 10,000 finished
// trials with 100 intermediate values each (HotPath.cs), the reporting trial given EARLIER values first (default 0). Otherwise the throughput comparison below.
// Arguments: Caviar trials per run (default 10000, so start-up and JIT warm-up do not dominate), Optuna trials per run (400), stores (sqlite,postgres), workers (1,2,4,8).
if (args is ["hotpath", ..])
{
    string hotWork = Directory.CreateTempSubdirectory("caviar-hotpath-").FullName;
    string[] stores = args.Length > 4 ? args[4].Split(',') : ["sqlite", "postgres"];
    string hotServer = stores.Contains("postgres") ? Run("/bin/bash", [FindUp("scripts/start-postgres.sh")]).Trim() : "";
    Caviar.Bench.Store.HotPath.Run(hotWork, hotServer, args.Length > 1 ? int.Parse(args[1]) : 10_000,
        args.Length > 2 ? int.Parse(args[2]) : 100, args.Length > 3 ? int.Parse(args[3]) : 101, stores,
        args.Length > 5 ? int.Parse(args[5]) : 0);
    return;
}
int caviarTrials = args.Length > 0 ? int.Parse(args[0]) : 10000, optunaTrials = args.Length > 1 ? int.Parse(args[1]) : 400;
string[] kinds = args.Length > 2 ? args[2].Split(',') : ["sqlite", "postgres"];
int[] workerCounts = args.Length > 3 ? [.. args[3].Split(',').Select(int.Parse)] : [1, 2, 4, 8];
string work = Directory.CreateTempSubdirectory("caviar-store-bench-").FullName;
string server = Run("/bin/bash", [FindUp("scripts/start-postgres.sh")]).Trim();
Console.WriteLine($"Store throughput, Random search on Branin (cheap trials) — {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine($"Caviar: {caviarTrials} trials per run, `caviar worker` processes; Optuna 3.1: {optunaTrials} trials per run, RDBStorage, one process per worker.");
Console.WriteLine($"{"store",-10} {"workers",7} {"Caviar trials/s",16} {"Optuna trials/s",16} {"ratio",7}");
int run = 0;
foreach (var kind in kinds)
    foreach (int workers in workerCounts)
    {
        run++;
        string caviarStore = kind == "sqlite" ? Path.Combine(work, $"caviar-{run}.db") : NewDatabase(server, $"caviar_{run}");
        string optunaStore = kind == "sqlite" ? $"sqlite:///{Path.Combine(work, $"optuna-{run}.db")}"
            : NewDatabase(server, $"optuna_{run}").Replace("postgres://", "postgresql+psycopg2://");
        double ours = CaviarRate(caviarStore, workers, caviarTrials);
        var peer = JsonDocument.Parse(Run("/usr/bin/python3", [FindUp("bench/peers/optuna_storage_peer.py"), optunaStore, $"{workers}", $"{optunaTrials}"])).RootElement;
        double theirs = peer.GetProperty("trials").GetInt32() / peer.GetProperty("seconds").GetDouble();
        Console.WriteLine($"{kind,-10} {workers,7} {ours,16:F0} {theirs,16:F0} {ours / theirs,6:F1}x");
    }
Console.WriteLine("Goal: at least 10x Optuna.");

double CaviarRate(string store, int workers, int trials)
{
    string dir = Directory.CreateTempSubdirectory("caviar-store-run-").FullName;
    File.WriteAllText(Path.Combine(dir, "spec.json"), $$"""
        { "name": "throughput", "objective": { "function": "branin" }, "strategy": "Random", "limits": { "maxTrials": {{trials}} } }
        """);
    string caviar = Path.Combine(AppContext.BaseDirectory, "caviar.dll");
    var processes = Enumerable.Range(0, workers).Select(w =>
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { caviar, "worker", "spec.json", "--store", store, "--worker-id", $"w{w}" }) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }).ToList();
    foreach (var p in processes) { p.StandardOutput.ReadToEnd(); p.WaitForExit(); }
    using IStudyStore opened = PostgresUrl.IsPostgres(store) ? PostgresStudyStore.Open(store) : SqliteStudyStore.Open(store);
    var done = opened.GetTrials(opened.FindStudy("throughput")!.Id);
    if (done.Count != trials) throw new InvalidOperationException($"expected {trials} trials, found {done.Count}");
    return done.Count / (done.Max(t => t.FinishedAt!.Value) - done.Min(t => t.StartedAt)).TotalSeconds;
}

static string NewDatabase(string server, string name)
{
    using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(server));
    connection.Open();
    using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}", connection)) drop.ExecuteNonQuery();
    using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection)) create.ExecuteNonQuery();
    return server[..server.LastIndexOf('/')] + "/" + name;
}

static string Run(string program, string[] args)
{
    var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in args) start.ArgumentList.Add(a);
    using var process = Process.Start(start)!;
    string output = process.StandardOutput.ReadToEnd(), error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{program} failed: {error}");
}

static string FindUp(string relative)
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
    throw new FileNotFoundException(relative);
}

// Test helper: claims COUNT trials in STUDY of the store at DB (a SQLite file or a postgres:// URL), as fast as it can, to race another process.
// Each trial's value is ProcessId * 1,000,000 + i, so the test can tell the two processes' trials apart.
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Storage.Postgres;
using Caviar.Storage.Sqlite;
using Caviar.Trials;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Caviar.TrialClaimer DB STUDY COUNT");
    return 2;
}
using IStudyStore store = PostgresUrl.IsPostgres(args[0]) ? PostgresStudyStore.Open(args[0]) : SqliteStudyStore.Open(args[0]);
long studyId = store.FindStudy(args[1])!.Id;
int count = int.Parse(args[2]);
var range = new ContinuousRange("x", 0, 1);
for (int i = 0; i < count; i++)
{
    var trial = store.CreateTrial(studyId, DateTimeOffset.UtcNow);
    store.SetParam(trial.Id, "x", i / (double)count, range);
    store.FinishTrial(trial.Id, TrialState.Completed, Environment.ProcessId * 1_000_000.0 + i, DateTimeOffset.UtcNow);
}
Console.WriteLine($"claimed {count}");
return 0;

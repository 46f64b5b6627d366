using Caviar.Storage.Postgres;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Storage;

[Collection(PostgresCollection.Name)]
[Trait("Needs", "postgres")]
public class PostgresStudyStoreTests(PostgresServer server)
{
    [Fact]
    public async Task Four_processes_on_one_database_never_get_the_same_trial_number()
    {
        string url = server.NewDatabase();
        using (var store = PostgresStudyStore.Open(url))
            store.CreateStudy("shared", ObjectiveDirection.Minimize, DateTimeOffset.UtcNow);

        await SqliteStudyStoreTests.RunClaimers(url, "shared", processes: 4, trialsEach: 150);
        using var check = PostgresStudyStore.Open(url);
        var trials = check.GetTrials(check.FindStudy("shared")!.Id);
        Assert.Equal(Enumerable.Range(0, 600), trials.Select(t => t.Number));
        Assert.Equal(4, trials.Select(t => (long)t.Value!.Value / 1_000_000).Distinct().Count());
    }

    [Fact]
    public void Many_workers_opening_a_new_database_at_once_all_get_the_same_schema()
    {
        string url = server.NewDatabase();
        var opened = new PostgresStudyStore[8];
        using var start = new Barrier(opened.Length);
        Parallel.For(0, opened.Length, new ParallelOptions { MaxDegreeOfParallelism = opened.Length }, i =>
        {
            start.SignalAndWait();
            opened[i] = PostgresStudyStore.Open(url);
        });
        var study = opened[0].CreateStudy("s", ObjectiveDirection.Minimize, DateTimeOffset.UtcNow);
        Assert.All(opened, store => Assert.Equal(study.Id, store.FindStudy("s")!.Id));
        foreach (var store in opened) store.Dispose();
    }

    [Theory]
    [InlineData("postgres://alice:s%3Acret@db.example:6543/studies", "Host=db.example;Port=6543;Database=studies;Username=alice;Password=s:cret")]
    [InlineData("postgresql://bob@localhost/caviar", "Host=localhost;Port=5432;Database=caviar;Username=bob")]
    public void Urls_become_connection_strings(string url, string expected)
    {
        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(url));
        var wanted = new Npgsql.NpgsqlConnectionStringBuilder(expected);
        Assert.Equal((wanted.Host, wanted.Port, wanted.Database, wanted.Username, wanted.Password),
            (parsed.Host, parsed.Port, parsed.Database, parsed.Username, parsed.Password));
    }
}

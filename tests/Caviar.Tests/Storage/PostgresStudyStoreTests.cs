using Caviar.Storage.Postgres;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Storage;

[Collection(PostgresCollection.Name)]
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

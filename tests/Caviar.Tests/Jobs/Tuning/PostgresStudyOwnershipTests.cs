using Caviar.Tests.Support;

namespace Caviar.Tests.Hardening;

/// <summary>Issue 9, item 2 on a shared PostgreSQL store.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Needs", "postgres")]
public class PostgresStudyOwnershipTests(PostgresServer server)
{
    [Fact]
    public async Task A_second_tuner_is_refused_naming_the_owner_and_joins_as_a_worker_when_asked()
    {
        using var dir = new TempDirectory();
        await OwnershipScenario.SecondTunerIsRefusedThenJoins(dir, server.NewDatabase());
    }
}

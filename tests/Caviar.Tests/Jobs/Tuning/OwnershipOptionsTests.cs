using Caviar.Jobs.Tuning;

namespace Caviar.Tests.Jobs;

public class OwnershipOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new OwnershipOptions();
        Assert.Equal(TimeSpan.FromSeconds(2), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.StaleAfter);
    }
}

namespace Caviar.Tests.Support;

/// <summary>Waits for a condition that another process makes true.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, double timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition did not become true in time");
            await Task.Delay(50);
        }
    }
}

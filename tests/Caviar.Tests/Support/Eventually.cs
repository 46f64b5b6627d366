namespace Caviar.Tests.Support;

/// <summary>Waits for a condition that another process makes true.</summary>
public static class Eventually
{
    /// <param name="describe">What to add to the timeout's message (e.g. the other process's logs), read only on timeout.</param>
    public static async Task True(Func<bool> condition, double timeoutSeconds = 30, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the condition did not become true in time" + (describe is null ? "" : "\n" + describe()));
            await Task.Delay(50);
        }
    }
}

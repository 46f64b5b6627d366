namespace Caviar.Trials;

public enum ObjectiveDirection
{
    Minimize,
    Maximize,
}

public static class ObjectiveDirectionExtensions
{
    /// <summary>The value turned into a loss: lower is always better. Strategies reason in losses.</summary>
    public static double ToLoss(this ObjectiveDirection direction, double value) =>
        direction == ObjectiveDirection.Maximize ? -value : value;

    /// <summary>Whether <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/>.</summary>
    public static bool IsBetter(this ObjectiveDirection direction, double candidate, double incumbent) =>
        direction.ToLoss(candidate) < direction.ToLoss(incumbent);
}

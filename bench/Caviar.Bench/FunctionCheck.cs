using Caviar.SearchSpaces;
using Caviar.TestFunctions;

namespace Caviar.Bench;

/// <summary>Proves both sides define the same functions: both evaluate the same fixed points and must agree.</summary>
public static class FunctionCheck
{
    public static void Run(OptunaPeer peer)
    {
        int checkedPoints = 0;
        foreach (var line in peer.Run("check"))
        {
            var function = StandardFunctions.Get(line.GetProperty("function").GetString()!);
            int k = line.GetProperty("point").GetInt32();
            double theirs = line.GetProperty("value").GetDouble();
            double ours = function.Function(Point(function.Space, k));
            if (Math.Abs(ours - theirs) > 1e-9 * Math.Max(1, Math.Abs(ours)))
                throw new InvalidOperationException($"{function.Name} differs at point {k}: Caviar {ours}, Optuna side {theirs}");
            checkedPoints++;
        }
        Console.WriteLine($"check: both sides agree on {checkedPoints} function values");
    }

    /// <summary>The k-th fixed point, computed exactly as optuna_peer.py's check_point.</summary>
    private static double[] Point(SearchSpace space, int k) => space.Ranges.Cast<ContinuousRange>()
        .Select((r, d) => r.MinValue + (r.MaxValue - r.MinValue) * ((k + 1) * 0.6180339887498949 * (d + 1) % 1.0))
        .ToArray();
}

using Caviar.SearchSpaces;
using Caviar.TestFunctions;

namespace Caviar.Bench.MultiObjective;

/// <summary>Both sides evaluate every problem's objectives and constraints at the same fixed points and must agree.</summary>
public static class MoFunctionCheck
{
    public static void Run(MoPeer peer)
    {
        int checkedValues = 0;
        foreach (var line in peer.Run("check"))
        {
            var problem = MoProblems.Get(line.GetProperty("problem").GetString()!);
            int k = line.GetProperty("point").GetInt32();
            var x = Point(problem.Space, k);
            var ours = problem.Objectives(x).Concat(problem.Constraints?.Invoke(x) ?? []).ToArray();
            var theirs = line.GetProperty("values").EnumerateArray().Concat(line.GetProperty("constraints").EnumerateArray())
                .Select(v => v.GetDouble()).ToArray();
            if (ours.Length != theirs.Length || ours.Zip(theirs).Any(p => Math.Abs(p.First - p.Second) > 1e-9 * Math.Max(1, Math.Abs(p.First))))
                throw new InvalidOperationException(
                    $"{problem.Name} differs at point {k}: Caviar [{string.Join(", ", ours)}], Optuna side [{string.Join(", ", theirs)}]");
            checkedValues += ours.Length;
        }
        Console.WriteLine($"check: both sides agree on {checkedValues} objective and constraint values");
    }

    /// <summary>The k-th fixed point, computed exactly as optuna_mo_peer.py's check_point.</summary>
    public static double[] Point(SearchSpace space, int k) => space.Ranges.Cast<ContinuousRange>()
        .Select((r, d) => r.MinValue + (r.MaxValue - r.MinValue) * ((k + 1) * 0.6180339887498949 * (d + 1) % 1.0))
        .ToArray();
}

/// <summary>The benchmark's problems by name.</summary>
public static class MoProblems
{
    public static MultiObjectiveFunction Get(string name) =>
        MultiObjectiveFunctions.All.FirstOrDefault(f => f.Name == name)
        ?? throw new ArgumentException($"unknown problem {name}; use {string.Join(", ", MultiObjectiveFunctions.All.Select(f => f.Name))}");
}

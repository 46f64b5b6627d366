namespace Caviar.MultiObjective;

/// <summary>Pareto dominance between loss vectors (every objective turned into a loss: lower is better).</summary>
public static class Dominance
{
    /// <summary>Whether <paramref name="a"/> is no worse than <paramref name="b"/> in every objective and better in one.</summary>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        bool better = false;
        for (int k = 0; k < a.Count; k++)
        {
            if (a[k] > b[k]) return false;
            if (a[k] < b[k]) better = true;
        }
        return better;
    }

    /// <summary>
    /// Deb's constrained dominance: a feasible point (violation 0) dominates an infeasible one, of two infeasible points
    /// the one violating less dominates, and two feasible points compare by <see cref="Dominates"/>.
    /// </summary>
    public static bool ConstrainedDominates(IReadOnlyList<double> a, double violationA, IReadOnlyList<double> b,
        double violationB)
    {
        if (violationA == 0 && violationB == 0) return Dominates(a, b);
        return violationA < violationB;
    }
}

namespace Caviar.MultiObjective;

/// <summary>
/// The exact hypervolume of a set of loss vectors (lower is better): the volume of the region they dominate that is
/// bounded by <c>reference</c>. Points not strictly better than the reference in every objective add nothing. Two
/// objectives are a sorted sweep (n log n); more are sliced along the last objective down to two (n^(d-1) log n),
/// exact and fast for the 2–4 objectives and the few hundred points studies give.
/// </summary>
public static class Hypervolume
{
    public static double Compute(IEnumerable<IReadOnlyList<double>> points, IReadOnlyList<double> reference)
    {
        int d = reference.Count;
        var inside = new List<double[]>();
        foreach (var p in points)
        {
            if (p.Count != d) throw new ArgumentException($"a point has {p.Count} objectives, the reference {d}");
            bool strictlyBetter = true;
            for (int k = 0; k < d; k++) if (!(p[k] < reference[k])) strictlyBetter = false;
            if (strictlyBetter) inside.Add(p.ToArray());
        }
        if (inside.Count == 0) return 0;
        if (d == 1) return reference[0] - inside.Min(p => p[0]);
        return Slice(inside, reference, d);
    }

    /// <summary>What each point alone adds: the hypervolume of all minus that of all but it.</summary>
    public static double[] Contributions(IReadOnlyList<IReadOnlyList<double>> points, IReadOnlyList<double> reference)
    {
        double total = Compute(points, reference);
        var contributions = new double[points.Count];
        for (int i = 0; i < points.Count; i++)
            contributions[i] = total - Compute(points.Where((_, j) => j != i), reference);
        return contributions;
    }

    /// <summary>Volume in the first <paramref name="d"/> objectives; every point is strictly inside the reference.</summary>
    private static double Slice(List<double[]> points, IReadOnlyList<double> reference, int d)
    {
        if (d == 2) return Sweep2D(points, reference);
        int last = d - 1;
        points.Sort((a, b) => a[last].CompareTo(b[last]));
        double total = 0;
        var below = new List<double[]>(points.Count);
        for (int i = 0; i < points.Count; i++)
        {
            AddNonDominated(below, points[i], last);
            double upper = i + 1 < points.Count ? points[i + 1][last] : reference[last];
            double height = upper - points[i][last];
            if (height > 0) total += height * Slice([.. below], reference, last);
        }
        return total;
    }

    /// <summary>Adds <paramref name="point"/> to a set kept free of points dominated in the first <paramref name="d"/> objectives.</summary>
    private static void AddNonDominated(List<double[]> set, double[] point, int d)
    {
        foreach (var kept in set)
            if (WeaklyDominates(kept, point, d)) return;
        set.RemoveAll(kept => WeaklyDominates(point, kept, d));
        set.Add(point);
    }

    private static bool WeaklyDominates(double[] a, double[] b, int d)
    {
        for (int k = 0; k < d; k++) if (a[k] > b[k]) return false;
        return true;
    }

    private static double Sweep2D(List<double[]> points, IReadOnlyList<double> reference)
    {
        points.Sort((a, b) => a[0] != b[0] ? a[0].CompareTo(b[0]) : a[1].CompareTo(b[1]));
        double total = 0, lowestSecond = reference[1];
        foreach (var p in points)
        {
            if (p[1] >= lowestSecond) continue;
            total += (reference[0] - p[0]) * (lowestSecond - p[1]);
            lowestSecond = p[1];
        }
        return total;
    }
}

namespace Caviar.MultiObjective;

/// <summary>
/// Non-dominated sorting (Deb et al.'s fast sort, NSGA-II): rank 0 is the Pareto front, rank 1 the front of what is
/// left, and so on. With violations, it sorts by constrained dominance: every feasible point ranks before every
/// infeasible one, and infeasible points rank by total violation (equal violations share a rank).
/// </summary>
public static class NonDominatedSorting
{
    /// <summary>The rank of each loss vector (0 = not dominated by any other).</summary>
    public static int[] Ranks(IReadOnlyList<IReadOnlyList<double>> losses, IReadOnlyList<double>? violations = null)
    {
        int n = losses.Count;
        var ranks = new int[n];
        var feasible = new List<int>(n);
        var infeasible = new List<int>();
        for (int i = 0; i < n; i++)
            (violations is null || violations[i] == 0 ? feasible : infeasible).Add(i);

        int fronts = SortFeasible(losses, feasible, ranks);
        infeasible.Sort((x, y) => violations![x].CompareTo(violations[y]));
        int rank = fronts - 1;
        for (int j = 0; j < infeasible.Count; j++)
        {
            if (j == 0 || violations![infeasible[j]] > violations[infeasible[j - 1]]) rank++;
            ranks[infeasible[j]] = rank;
        }
        return ranks;
    }

    /// <summary>Ranks the given indices by plain dominance; returns the number of fronts.</summary>
    private static int SortFeasible(IReadOnlyList<IReadOnlyList<double>> losses, List<int> indices, int[] ranks)
    {
        int m = indices.Count;
        if (m == 0) return 0;
        var dominatedBy = new int[m];
        var dominates = new List<int>[m];
        for (int a = 0; a < m; a++) dominates[a] = [];
        for (int a = 0; a < m; a++)
            for (int b = a + 1; b < m; b++)
            {
                if (Dominance.Dominates(losses[indices[a]], losses[indices[b]]))
                {
                    dominates[a].Add(b);
                    dominatedBy[b]++;
                }
                else if (Dominance.Dominates(losses[indices[b]], losses[indices[a]]))
                {
                    dominates[b].Add(a);
                    dominatedBy[a]++;
                }
            }
        var front = new List<int>();
        for (int a = 0; a < m; a++) if (dominatedBy[a] == 0) front.Add(a);
        int rank = 0;
        while (front.Count > 0)
        {
            var next = new List<int>();
            foreach (int a in front)
            {
                ranks[indices[a]] = rank;
                foreach (int b in dominates[a])
                    if (--dominatedBy[b] == 0) next.Add(b);
            }
            front = next;
            rank++;
        }
        return rank;
    }

    /// <summary>
    /// The first fronts of <paramref name="indices"/> (plain dominance), best first, peeled until they hold at least
    /// <paramref name="count"/> points (or all): each peel keeps an archive of the points no other dominates, so it
    /// costs n × front size rather than the n² of a full sort.
    /// </summary>
    public static List<List<int>> LeadingFronts(IReadOnlyList<IReadOnlyList<double>> losses, IEnumerable<int> indices, int count)
    {
        var remaining = indices.ToList();
        var fronts = new List<List<int>>();
        int taken = 0;
        while (remaining.Count > 0 && taken < count)
        {
            var archive = new List<int>();
            foreach (int i in remaining)
            {
                bool dominated = false;
                foreach (int a in archive)
                    if (Dominance.Dominates(losses[a], losses[i])) { dominated = true; break; }
                if (dominated) continue;
                archive.RemoveAll(a => Dominance.Dominates(losses[i], losses[a]));
                archive.Add(i);
            }
            archive.Sort();
            var inFront = new HashSet<int>(archive);
            remaining.RemoveAll(inFront.Contains);
            fronts.Add(archive);
            taken += archive.Count;
        }
        return fronts;
    }
}

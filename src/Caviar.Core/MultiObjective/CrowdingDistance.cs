namespace Caviar.MultiObjective;

/// <summary>
/// NSGA-II's crowding distance of the points of one front: for each objective, the gap between a point's two
/// neighbours along it, divided by the front's extent in it, summed. The extremes of every objective get infinity,
/// so a front keeps its ends; larger means a lonelier point, preferred when a front must be cut.
/// </summary>
public static class CrowdingDistance
{
    public static double[] Compute(IReadOnlyList<IReadOnlyList<double>> front)
    {
        int n = front.Count;
        var distance = new double[n];
        if (n == 0) return distance;
        if (n <= 2)
        {
            Array.Fill(distance, double.PositiveInfinity);
            return distance;
        }
        int objectives = front[0].Count;
        var order = new int[n];
        for (int k = 0; k < objectives; k++)
        {
            for (int i = 0; i < n; i++) order[i] = i;
            // Ties keep index order (a stable sort), so equal inputs always give equal distances.
            var sorted = order.OrderBy(i => front[i][k]).ThenBy(i => i).ToArray();
            double low = front[sorted[0]][k], high = front[sorted[^1]][k];
            distance[sorted[0]] = distance[sorted[^1]] = double.PositiveInfinity;
            if (high - low <= 0) continue;
            for (int j = 1; j < n - 1; j++)
                distance[sorted[j]] += (front[sorted[j + 1]][k] - front[sorted[j - 1]][k]) / (high - low);
        }
        return distance;
    }
}

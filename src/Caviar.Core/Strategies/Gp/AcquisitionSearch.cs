namespace Caviar.Strategies.Gp;

/// <summary>
/// Finds a point of high expected improvement: scores random points and points near the incumbents, then
/// refines the best few by a coordinate pattern search. Categorical coordinates are kept on choice centres.
/// </summary>
internal static class AcquisitionSearch
{
    private const int Refined = 5;
    private const double LocalSpread = 0.05;

    public static double[] Maximise(GaussianProcess model, double best, IReadOnlyList<double[]> incumbents, int[] choices,
        Random random, GpOptions options)
    {
        double Score(double[] x)
        {
            var (mean, sd) = model.Predict(x);
            return ExpectedImprovement.Of(mean, sd, best, options.Exploration);
        }

        var candidates = new List<(double[] Point, double Score)>();
        for (int i = 0; i < options.RandomCandidates; i++)
        {
            var x = Snap(choices.Select(_ => random.NextDouble()).ToArray(), choices);
            candidates.Add((x, Score(x)));
        }
        for (int i = 0; i < options.LocalCandidates; i++)
        {
            var centre = incumbents[i % incumbents.Count];
            var x = Snap(centre.Select(v => Math.Clamp(v + LocalSpread * Gaussian(random), 0, 1)).ToArray(), choices);
            candidates.Add((x, Score(x)));
        }
        return candidates.OrderByDescending(c => c.Score).Take(Refined)
            .Select(c => Refine(c.Point, c.Score, choices, Score))
            .OrderByDescending(c => c.Score).First().Point;
    }

    private static (double[] Point, double Score) Refine(double[] start, double score, int[] choices, Func<double[], double> scoreOf)
    {
        var point = (double[])start.Clone();
        for (double step = 0.05; step > 0.002; step /= 2)
        {
            bool improved = true;
            while (improved)
            {
                improved = false;
                for (int d = 0; d < point.Length; d++)
                {
                    if (choices[d] != 0) continue;
                    foreach (double direction in new[] { -1.0, 1.0 })
                    {
                        var moved = (double[])point.Clone();
                        moved[d] = Math.Clamp(moved[d] + direction * step, 0, 1);
                        double s = scoreOf(moved);
                        if (s > score) { (point, score, improved) = (moved, s, true); }
                    }
                }
            }
        }
        return (point, score);
    }

    private static double[] Snap(double[] x, int[] choices)
    {
        for (int d = 0; d < x.Length; d++)
            if (choices[d] != 0) x[d] = (Math.Clamp(Math.Floor(x[d] * choices[d]), 0, choices[d] - 1) + 0.5) / choices[d];
        return x;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}

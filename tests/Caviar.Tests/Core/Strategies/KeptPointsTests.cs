using Caviar.Strategies;

namespace Caviar.Tests.Strategies;

/// <summary>
/// TPE keeps a one-range history's completed trials in flat arrays between asks and updates them from the first position
/// that changed (issue 19 part 3): after any run of changes — trials appended with or without a point, earlier positions
/// changed (trials finishing out of order), the history cut short, many at once — the arrays must be what a fresh
/// derivation from the whole history gives: the points in history order, and their indices sorted by coordinate.
/// </summary>
public class KeptPointsTests
{
    [Fact]
    public void Kept_points_and_order_equal_a_fresh_derivation_after_every_change()
    {
        var random = new Random(5);
        var history = new List<ScoredPointCache.Derived>();
        var kept = new KeptPoints();
        for (int step = 0; step < 400; step++)
        {
            int firstChanged;
            double roll = random.NextDouble();
            if (roll < 0.6 || history.Count < 5)
            {
                firstChanged = history.Count;
                int added = step % 50 == 0 ? 70 : 1 + random.Next(3);   // now and then more than the insertions allowed at once
                for (int i = 0; i < added; i++) history.Add(Derived(random));
            }
            else if (roll < 0.9)
            {
                firstChanged = history.Count;
                for (int i = 0; i < 1 + random.Next(3); i++)
                {
                    int at = random.Next(history.Count);
                    history[at] = Derived(random);
                    firstChanged = Math.Min(firstChanged, at);
                }
            }
            else
            {
                firstChanged = history.Count - random.Next(Math.Min(history.Count, 12));
                history.RemoveRange(firstChanged, history.Count - firstChanged);
            }
            kept.Update(history.ToArray(), firstChanged, history.Count);

            var points = history.Where(d => d.Point is not null).ToList();
            Assert.Equal(points.Count, kept.Count);
            Assert.Equal(points.Select(p => p.Point![0]), kept.Coordinates.ToArray());
            Assert.Equal(points.Select(p => p.Loss), kept.Losses.ToArray());
            for (int i = 0; i < points.Count; i++) Assert.Same(points[i].Point, kept.Point(i));
            Assert.Equal(points.Count(p => !(p.Point![0] is >= 0 and <= 1)), kept.Unusual);
            Assert.Equal(Enumerable.Range(0, points.Count), kept.SortedPoints.ToArray().Order());
            var keys = kept.SortedKeys.ToArray();
            var order = kept.SortedPoints.ToArray();
            for (int j = 0; j < keys.Length; j++)
            {
                Assert.Equal(points[order[j]].Point![0], keys[j]);
                if (j > 0) Assert.True(keys[j - 1].CompareTo(keys[j]) <= 0, $"step {step}: keys {keys[j - 1]}, {keys[j]} out of order");
            }
        }
    }

    /// <summary>A position: a completed trial's point (now and then a repeated or edge coordinate, rarely one outside the cube), or none.</summary>
    private static ScoredPointCache.Derived Derived(Random random)
    {
        if (random.NextDouble() < 0.2) return new(null, 0);
        double x = random.NextDouble() switch { < 0.05 => 0.0, < 0.1 => 1.0, < 0.15 => 0.5, < 0.17 => 1.5, _ => random.NextDouble() };
        return new([x], random.NextDouble());
    }
}

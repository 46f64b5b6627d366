using Caviar.MultiObjective;

namespace Caviar.Tests.MultiObjective;

public class ParetoMachineryTests
{
    private static IReadOnlyList<IReadOnlyList<double>> Points(params double[][] points) => points;

    [Fact]
    public void Non_dominated_sorting_ranks_fronts_in_order()
    {
        var points = Points([1, 5], [2, 3], [4, 1], [3, 4], [5, 5], [2, 3], [6, 6]);
        Assert.Equal([0, 0, 0, 1, 2, 0, 3], NonDominatedSorting.Ranks(points));
    }

    [Fact]
    public void Feasible_points_rank_before_infeasible_ones_which_rank_by_violation()
    {
        // The infeasible points dominate every feasible one in objective terms; they still rank after them.
        var points = Points([5, 5], [6, 6], [0, 0], [0, 1], [1, 0]);
        Assert.Equal([0, 1, 3, 2, 2], NonDominatedSorting.Ranks(points, [0, 0, 2.5, 0.5, 0.5]));
        Assert.True(Dominance.ConstrainedDominates([9, 9], 0, [0, 0], 1));
        Assert.True(Dominance.ConstrainedDominates([9, 9], 1, [0, 0], 2));
        Assert.False(Dominance.ConstrainedDominates([0, 0], 2, [9, 9], 1));
    }

    [Fact]
    public void Leading_fronts_are_the_first_ranks_of_a_full_sort()
    {
        var random = new Random(3);
        var points = Enumerable.Range(0, 200).Select(_ => (IReadOnlyList<double>)new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() }).ToList();
        var ranks = NonDominatedSorting.Ranks(points);
        var fronts = NonDominatedSorting.LeadingFronts(points, Enumerable.Range(0, points.Count), 30);
        Assert.True(fronts.Sum(f => f.Count) >= 30);
        for (int r = 0; r < fronts.Count; r++)
            Assert.Equal(Enumerable.Range(0, points.Count).Where(i => ranks[i] == r), fronts[r]);
    }

    [Fact]
    public void Crowding_distance_keeps_the_ends_and_measures_neighbour_gaps()
    {
        var distance = CrowdingDistance.Compute(Points([0, 4], [1, 2], [3, 1], [4, 0]));
        Assert.Equal(double.PositiveInfinity, distance[0]);
        Assert.Equal(double.PositiveInfinity, distance[3]);
        Assert.Equal(3.0 / 4 + 3.0 / 4, distance[1], 12);
        Assert.Equal(3.0 / 4 + 2.0 / 4, distance[2], 12);
    }

    [Fact]
    public void Hypervolume_of_two_objectives_is_the_staircase_area()
    {
        // Steps at (1,3), (2,2), (3,1) under reference (4,4): 3·1 + 2·1 + 1·1 = 6; (3.5,3.5) is dominated, (5,0) outside.
        Assert.Equal(6, Hypervolume.Compute(Points([1, 3], [2, 2], [3, 1], [3.5, 3.5], [5, 0]), [4, 4]), 12);
    }

    [Theory]
    [InlineData(3, 7)]
    [InlineData(4, 8)]
    [InlineData(2, 10)]
    public void Hypervolume_equals_inclusion_exclusion_over_the_boxes(int objectives, int count)
    {
        var random = new Random(objectives * 100 + count);
        var points = Enumerable.Range(0, count)
            .Select(_ => (IReadOnlyList<double>)Enumerable.Range(0, objectives).Select(_ => random.NextDouble()).ToArray()).ToList();
        var reference = Enumerable.Repeat(1.0, objectives).ToArray();
        double exact = 0;
        for (int subset = 1; subset < 1 << count; subset++)
        {
            double volume = 1;
            for (int k = 0; k < objectives; k++)
            {
                double corner = 0;
                for (int i = 0; i < count; i++) if ((subset >> i & 1) == 1) corner = Math.Max(corner, points[i][k]);
                volume *= reference[k] - corner;
            }
            exact += (System.Numerics.BitOperations.PopCount((uint)subset) % 2 == 1 ? 1 : -1) * volume;
        }
        Assert.Equal(exact, Hypervolume.Compute(points, reference), 10);
    }

    [Fact]
    public void A_contribution_is_what_the_point_alone_covers()
    {
        var contributions = Hypervolume.Contributions(Points([1, 3], [2, 2], [3, 1], [3, 3]), [4, 4]);
        Assert.Equal([1, 1, 1, 0], contributions.Select(c => Math.Round(c, 12)));
    }
}

using Caviar.Pbt;
using Caviar.SearchSpaces;
using Caviar.Trials;
using Xunit.Abstractions;

namespace Caviar.Tests.Pbt;

/// <summary>
/// The toy problem of the PBT paper (Jaderberg et al. 2017, Fig. 2): parameters θ = (θ0, θ1) trained by gradient ascent
/// on the surrogate Q̂(θ|h) = 1.2 − (h0·θ0² + h1·θ1²), scored by the true objective Q(θ) = 1.2 − (θ0² + θ1²). Two
/// members start at θ = (0.9, 0.9) with h = (1, 0) and (0, 1): each alone can only shrink one coordinate. PBT (exploit
/// and explore) reaches Q near 1.2; fixed h (grid), explore alone and exploit alone stay below it.
/// </summary>
public class PbtToyProblemTests(ITestOutputHelper output)
{
    private const int Rounds = 40, StepsPerRound = 4;
    private const double LearningRate = 0.02;

    private static readonly SearchSpace Space = new([
        new ContinuousRange("h0", 0, 1, ScalingType.Linear), new ContinuousRange("h1", 0, 1, ScalingType.Linear)]);

    private enum Variant { Pbt, ExploitOnly, ExploreOnly, Grid }

    [Fact]
    public void Pbt_beats_grid_explore_only_and_exploit_only_on_the_papers_toy_problem()
    {
        const int Seeds = 10, Early = 15;
        var runs = Enum.GetValues<Variant>().ToDictionary(v => v, v => Enumerable.Range(0, Seeds).Select(seed => Run(v, seed)).ToList());
        double MeanAt(Variant v, int round) => runs[v].Average(h => h[round - 1]);
        foreach (var variant in runs.Keys)
            output.WriteLine($"{variant}: mean best Q after 5/{Early}/{Rounds} rounds " +
                             $"{MeanAt(variant, 5):F4} / {MeanAt(variant, Early):F4} / {MeanAt(variant, Rounds):F4}");

        // PBT gets near the optimum 1.2 on every seed.
        Assert.All(runs[Variant.Pbt], h => Assert.True(h[^1] > 1.19, $"PBT reached only Q = {h[^1]}"));
        // Fixed h (grid) and copying without exploring: one coordinate stays at 0.9, so Q stays at 1.2 − 0.81 = 0.39 at best.
        Assert.All(runs[Variant.Grid], h => Assert.InRange(h[^1], 0.38, 0.40));
        Assert.All(runs[Variant.ExploitOnly], h => Assert.InRange(h[^1], 0.38, 0.40));
        // Exploring alone gets there too, but more slowly (the paper's figure): compared early in the run.
        Assert.True(MeanAt(Variant.Pbt, Early) > MeanAt(Variant.ExploreOnly, Early),
            $"after {Early} rounds PBT {MeanAt(Variant.Pbt, Early)} vs explore-only {MeanAt(Variant.ExploreOnly, Early)}");
    }

    /// <summary>The best true objective in the population after each round.</summary>
    private static double[] Run(Variant variant, int seed)
    {
        var theta = new[] { new[] { 0.9, 0.9 }, new[] { 0.9, 0.9 } };
        var h = new IReadOnlyDictionary<string, double>[]
        {
            new Dictionary<string, double> { ["h0"] = 1, ["h1"] = 0 },
            new Dictionary<string, double> { ["h0"] = 0, ["h1"] = 1 },
        };
        var pbtOptions = new PbtOptions { PopulationSize = 2, QuantileFraction = 0.5 };
        var random = new Random(seed);
        var history = new double[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            for (int m = 0; m < 2; m++)
                for (int step = 0; step < StepsPerRound; step++)
                    for (int i = 0; i < 2; i++)
                        theta[m][i] += LearningRate * -2 * h[m][$"h{i}"] * theta[m][i];
            var scores = theta.Select(t => (double?)Q(t)).ToArray();
            history[round] = theta.Max(Q);
            switch (variant)
            {
                case Variant.Pbt or Variant.ExploitOnly:
                    var decisions = PbtRound.Decide(Space, pbtOptions,
                        ObjectiveDirection.Maximize, h, scores, seed, round + 1);
                    var copied = theta.Select(t => t.ToArray()).ToArray();
                    foreach (var decision in decisions)
                    {
                        if (decision.CopyFrom is { } source) theta[decision.Member] = copied[source].ToArray();
                        // Exploit alone copies the source's h as it is (no perturbation, no resampling).
                        h[decision.Member] = variant == Variant.Pbt || decision.CopyFrom is not { } from
                            ? decision.HyperParameters : h[from];
                    }
                    break;
                case Variant.ExploreOnly:
                    for (int m = 0; m < 2; m++) h[m] = PbtExplore.Explore(Space, h[m], pbtOptions, random);
                    break;
            }
        }
        return history;
    }

    private static double Q(double[] theta) => 1.2 - (theta[0] * theta[0] + theta[1] * theta[1]);
}

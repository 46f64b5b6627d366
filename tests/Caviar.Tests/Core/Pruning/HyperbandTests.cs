using Caviar.Pruning;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Trials;
using Caviar.Validation;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Pruning;

public class HyperbandTests
{
    [Fact]
    public void Spreads_trials_over_brackets_favouring_the_aggressive_ones()
    {
        var hyperband = new Hyperband(minResource: 1, maxResource: 27, reductionFactor: 3);
        Assert.Equal(4, hyperband.BracketCount);
        var counts = new int[4];
        for (int n = 0; n < 4000; n++) counts[hyperband.BracketOf(n)]++;
        // Budgets 27, 12, 6, 4 of 49 (Hyperband paper's n_i for s_max = 3).
        Assert.InRange(counts[0], 2000, 2400);
        Assert.True(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > counts[3] && counts[3] > 0);
    }

    [Fact]
    public void Prunes_poor_learning_curves_early_in_a_real_study_and_keeps_the_best()
    {
        var study = CurveStudy(new Hyperband(1, 27, 3));
        var pruned = study.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.True(pruned.Count >= 25, $"only {pruned.Count} of 60 pruned");
        double epochsUsed = study.Trials.Sum(t => t.IntermediateValues.Count);
        Assert.True(epochsUsed < 0.6 * 60 * 27, $"used {epochsUsed} epochs");
        double bestQuality = study.Trials.Min(t => (double)t.ExternalParams["quality"]);
        Assert.Equal(bestQuality, (double)study.BestTrial!.ExternalParams["quality"], 9);
    }

    /// <summary>A real study over quality in [0, 1] whose loss curve falls towards quality; every trial reports 27 epochs unless pruned.</summary>
    private static Study CurveStudy(IPruner pruner, int trials = 60)
    {
        var study = Study.Create(new Caviar.Storage.InMemoryStudyStore(), "curves", ObjectiveDirection.Minimize,
            new StudyOptions { Strategy = new RandomSearch(), Seed = 4, Pruner = pruner });
        study.Optimize(trial =>
        {
            double quality = trial.SuggestFloat("quality", 0, 1);
            double loss = 0;
            for (int epoch = 1; epoch <= 27; epoch++)
            {
                loss = quality + 1.0 / epoch;
                trial.Report(epoch, loss);
                if (trial.ShouldPrune()) throw new TrialPrunedException();
            }
            return loss;
        }, new TuningLimits { MaxTrials = trials });
        return study;
    }

    private static IEnumerable<(int, TrialState, int)> Outcomes(Study study) =>
        study.Trials.Select(t => (t.Number, t.State, t.IntermediateValues.Count));

    [Fact]
    public void One_bracket_places_every_trial_in_bracket_0_and_prunes_as_successive_halving()
    {
        var asha = new Hyperband(1, 27, 3, seed: 4, brackets: 1);
        Assert.Equal(1, asha.BracketCount);
        Assert.All(Enumerable.Range(0, 500), n => Assert.Equal(0, asha.BracketOf(n)));

        var withOneBracket = CurveStudy(new Hyperband(1, 27, 3, seed: 4, brackets: 1));
        var halving = CurveStudy(new SuccessiveHalving(1, 27, 3, 0));
        Assert.Equal(Outcomes(halving), Outcomes(withOneBracket));
        Assert.True(withOneBracket.Trials.Count(t => t.State == TrialState.Pruned) >= 30);
        // Full Hyperband on the same trials decides otherwise (its other brackets stop later or never).
        Assert.NotEqual(Outcomes(halving), Outcomes(CurveStudy(new Hyperband(1, 27, 3, seed: 4))));
    }

    [Fact]
    public void Fewer_brackets_keep_the_most_aggressive_ones_with_their_budget_weights()
    {
        var two = new Hyperband(1, 27, 3, seed: 0, brackets: 2);
        Assert.Equal(2, two.BracketCount);
        var counts = new int[2];
        for (int n = 0; n < 4000; n++) counts[two.BracketOf(n)]++;
        // Budgets 27 and 12 of the four brackets' 27, 12, 6, 4: shares 27/39 = 0.69 and 12/39 = 0.31.
        Assert.InRange(counts[0], 2610, 2930);
        Assert.Equal(4000, counts[0] + counts[1]);

        // Bracket 1 first stops trials at 3 epochs: a trial there reporting only epochs 1-2 is never pruned, one in
        // bracket 0 can be.
        var study = CurveStudy(new Hyperband(1, 27, 3, seed: 0, brackets: 2), trials: 80);
        var pruned = study.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.Contains(pruned, t => two.BracketOf(t.Number) == 0 && t.IntermediateValues.Count < 3);
        Assert.Contains(pruned, t => two.BracketOf(t.Number) == 1);
        Assert.All(pruned.Where(t => two.BracketOf(t.Number) == 1), t => Assert.True(t.IntermediateValues.Count >= 3));
    }

    [Fact]
    public void Every_bracket_named_is_the_default()
    {
        var all = new Hyperband(1, 27, 3, seed: 9, brackets: 4);
        var byDefault = new Hyperband(1, 27, 3, seed: 9);
        Assert.Equal(4, Hyperband.MaxBracketCount(1, 27, 3));
        Assert.Equal(Enumerable.Range(0, 1000).Select(byDefault.BracketOf), Enumerable.Range(0, 1000).Select(all.BracketOf));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(5)]
    public void A_bracket_count_the_resources_do_not_give_is_refused_with_the_range(int brackets)
    {
        var refused = Assert.Throws<CaviarValidationException>(() => new Hyperband(1, 27, 3, seed: 0, brackets: brackets));
        Assert.Equal("brackets", refused.Field);
        Assert.Contains("must be 1 to 4", refused.Reason);
    }
}

using Caviar.Pruning;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Trials;
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
        var study = Study.Create(new Caviar.Storage.InMemoryStudyStore(), "hb", ObjectiveDirection.Minimize,
            new StudyOptions { Strategy = new RandomSearch(), Seed = 4, Pruner = new Hyperband(1, 27, 3) });
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
        }, new TuningLimits { MaxTrials = 60 });

        var pruned = study.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.True(pruned.Count >= 25, $"only {pruned.Count} of 60 pruned");
        double epochsUsed = study.Trials.Sum(t => t.IntermediateValues.Count);
        Assert.True(epochsUsed < 0.6 * 60 * 27, $"used {epochsUsed} epochs");
        double bestQuality = study.Trials.Min(t => (double)t.ExternalParams["quality"]);
        Assert.Equal(bestQuality, (double)study.BestTrial!.ExternalParams["quality"], 9);
    }
}

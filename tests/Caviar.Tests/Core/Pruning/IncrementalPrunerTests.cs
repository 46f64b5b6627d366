using Caviar.Pruning;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Tests.Pruning;

/// <summary>
/// The pruners keep what they derived from finished trials between decisions (finished trials never change). These tests
/// replay seeded random studies — trials reporting at irregular steps, values that are not finite, trials completing,
/// failing and pruned in any order — and compare every decision with the pass over the whole study the pruners made
/// before (kept here as the reference), both through a study (its trial cache's reads) and through plain lists.
/// </summary>
public class IncrementalPrunerTests
{
    [Theory]
    [InlineData(1, ObjectiveDirection.Minimize)]
    [InlineData(2, ObjectiveDirection.Maximize)]
    [InlineData(3, ObjectiveDirection.Minimize)]
    public void Median_rule_decides_as_the_pass_over_every_completed_trial(int seed, ObjectiveDirection direction)
    {
        var options = new MedianStoppingOptions { StartupTrials = 3, WarmupSteps = 2 };
        Replay(seed, direction, new MedianStoppingRule(options), new MedianStoppingRule(options),
            (trial, all) => ReferenceMedian(options, trial, all, direction));
    }

    [Theory]
    [InlineData(4, ObjectiveDirection.Minimize)]
    [InlineData(5, ObjectiveDirection.Maximize)]
    public void Successive_halving_decides_as_the_pass_over_every_trial(int seed, ObjectiveDirection direction)
    {
        var reference = new SuccessiveHalving(1, 40, 3);
        Replay(seed, direction, new SuccessiveHalving(1, 40, 3), new SuccessiveHalving(1, 40, 3),
            (trial, all) => ReferenceHalving(reference, trial, all, direction, _ => true));
    }

    [Fact]
    public void Hyperband_decides_as_the_pass_over_every_trial_of_the_bracket()
    {
        var reference = new Hyperband(1, 27, 3, seed: 7);
        Replay(6, ObjectiveDirection.Minimize, new Hyperband(1, 27, 3, seed: 7), new Hyperband(1, 27, 3, seed: 7),
            (trial, all) => ReferenceHalving(new SuccessiveHalving(1, 27, 3, reference.BracketOf(trial.Number)), trial, all,
                ObjectiveDirection.Minimize, t => reference.BracketOf(t.Number) == reference.BracketOf(trial.Number)));
    }

    [Fact]
    public void A_pruner_used_with_another_study_starts_over()
    {
        var rule = new MedianStoppingRule(new MedianStoppingOptions { StartupTrials = 1, WarmupSteps = 0 });
        var good = Curves.Trial(0, TrialState.Completed, 1.0, 1.0);
        var poor = Curves.Trial(1, TrialState.Completed, 9.0, 9.0);
        var running = Curves.Trial(2, TrialState.Running, 5.0);
        Assert.True(rule.ShouldPrune(running, [good, running], ObjectiveDirection.Minimize));
        Assert.False(rule.ShouldPrune(running, [poor, running], ObjectiveDirection.Minimize));   // good is not in this list
        Assert.True(rule.ShouldPrune(running, [good, running], ObjectiveDirection.Minimize));
    }

    /// <summary>
    /// Runs a seeded study of 120 trials, up to 6 at a time, each reporting at irregular steps; after every report the
    /// decision of <paramref name="viaStudy"/> (through the study's trial cache) and of <paramref name="viaList"/> (given
    /// a plain copy of the trials) must equal the reference's on the whole study as stored.
    /// </summary>
    private static void Replay(int seed, ObjectiveDirection direction, IPruner viaStudy, IPruner viaList,
        Func<TrialRecord, IReadOnlyList<TrialRecord>, bool> reference)
    {
        var random = new Random(seed);
        using var store = new InMemoryStudyStore();
        var study = Study.Create(store, "replay", direction, new StudyOptions { Pruner = viaStudy });
        var open = new List<(Trial Trial, long Step)>();
        int started = 0, decisions = 0, pruned = 0;
        while (started < 120 || open.Count > 0)
        {
            if (started < 120 && (open.Count == 0 || (open.Count < 6 && random.NextDouble() < 0.3)))
            {
                open.Add((study.Ask(), 0));
                started++;
                continue;
            }
            int pick = random.Next(open.Count);
            var (trial, step) = open[pick];
            double end = random.NextDouble();
            if (step > 0 && end < 0.08)
            {
                double last = random.NextDouble();
                if (end < 0.06) study.Tell(trial, last);
                else study.Tell(trial, double.NaN);   // failed
                open.RemoveAt(pick);
                continue;
            }
            step += 1 + (random.NextDouble() < 0.3 ? random.Next(4) : 0);
            double u = random.NextDouble();
            double value = u < 0.03 ? double.NaN : u < 0.05 ? double.PositiveInfinity
                : (1 + random.NextDouble()) / Math.Sqrt(step) + (direction == ObjectiveDirection.Maximize ? -2 : 0);
            trial.Report(step, value);
            open[pick] = (trial, step);

            var all = study.Trials;
            var self = all.Single(t => t.Id == trial.Id);
            bool expected = reference(self, all);
            Assert.Equal(expected, trial.ShouldPrune());
            Assert.Equal(expected, viaList.ShouldPrune(self, all.ToList(), direction));
            decisions++;
            if (expected)
            {
                pruned++;
                store.FinishTrial(trial.Id, TrialState.Pruned, null, DateTimeOffset.UnixEpoch);
                open.RemoveAt(pick);
            }
        }
        Assert.True(decisions > 200, $"{decisions} decisions");
        Assert.True(pruned > 5 && pruned < decisions, $"{pruned} of {decisions} decisions pruned");
    }

    /// <summary>The median rule as it was: one pass over every completed trial and a sort, on every decision.</summary>
    private static bool ReferenceMedian(MedianStoppingOptions options, TrialRecord trial, IReadOnlyList<TrialRecord> all,
        ObjectiveDirection direction)
    {
        if (IntermediateCurves.LastStep(trial) is not { } step || step < options.WarmupSteps) return false;
        var others = all.Where(t => t.Id != trial.Id && t.State == TrialState.Completed)
            .Select(t => IntermediateCurves.BestLossUpTo(t, step, direction)).OfType<double>().ToList();
        if (others.Count < options.StartupTrials) return false;
        others.Sort();
        double median = others.Count % 2 == 1 ? others[others.Count / 2] : (others[others.Count / 2 - 1] + others[others.Count / 2]) / 2;
        return IntermediateCurves.BestLossUpTo(trial, step, direction) is { } mine && mine > median;
    }

    /// <summary>Successive halving as it was: the trial's rank at its rung among every peer that reached it.</summary>
    private static bool ReferenceHalving(SuccessiveHalving halving, TrialRecord trial, IReadOnlyList<TrialRecord> all,
        ObjectiveDirection direction, Func<TrialRecord, bool> peer)
    {
        if (IntermediateCurves.LastStep(trial) is not { } step) return false;
        long? rung = null;
        foreach (var r in halving.Rungs()) if (r <= step) rung = r;
        if (rung is not { } at) return false;
        if (IntermediateCurves.LossAt(trial, at, direction) is not { } mine) return false;
        var reached = all.Where(t => t.Id != trial.Id && peer(t) && IntermediateCurves.LastStep(t) >= at)
            .Select(t => IntermediateCurves.LossAt(t, at, direction)).OfType<double>().ToList();
        reached.Add(mine);
        int promoted = Math.Max(1, reached.Count / halving.ReductionFactor);
        return reached.Count(other => other < mine) >= promoted;
    }
}

using Caviar.MultiObjective;
using Caviar.Pruning;
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.MultiObjective;

public class MultiObjectiveStudyTests
{
    private static readonly ObjectiveDirection[] MinMax = [ObjectiveDirection.Minimize, ObjectiveDirection.Maximize];
    private static readonly SearchSpace X = new([new ContinuousRange("x", 0, 1, ScalingType.Linear)]);

    private static Study Create(IReadOnlyList<ObjectiveDirection> directions, StudyOptions? options = null) =>
        Study.Create(new InMemoryStudyStore(), "mo", directions, options);

    [Fact]
    public void Optimize_with_a_pair_stores_both_values_and_best_trials_are_the_pareto_front()
    {
        var study = Create(MinMax, new StudyOptions { Seed = 4 });
        // Minimise x, maximise x², plus noise: the front is not every trial.
        var outcome = study.Optimize(t =>
        {
            double x = t.SuggestFloat("x", 0, 1);
            return (x, x * x - 0.3 * Math.Sin(17 * x));
        }, new TuningLimits { MaxTrials = 40 });

        Assert.Equal(40, outcome.TrialsRun);
        Assert.Null(outcome.BestTrial);
        var trials = study.Trials;
        Assert.All(trials, t => Assert.Equal(2, t.Values!.Count));
        Assert.All(trials, t => Assert.Equal(t.Values![0], t.Value));
        // The front by brute force: trials no other trial is at least as good as in both and better in one.
        bool Dominates(TrialRecord a, TrialRecord b) =>
            a.Values![0] <= b.Values![0] && a.Values[1] >= b.Values[1] && (a.Values[0] < b.Values[0] || a.Values[1] > b.Values[1]);
        var expected = trials.Where(t => !trials.Any(o => Dominates(o, t))).Select(t => t.Number).ToArray();
        Assert.Equal(expected, study.BestTrials.Select(t => t.Number));
        Assert.InRange(expected.Length, 2, 39);
        Assert.Throws<InvalidOperationException>(() => study.BestTrial);
    }

    [Fact]
    public void The_default_strategy_is_nsga2_for_several_objectives_and_tpe_for_one()
    {
        Assert.Equal("nsga2", Create(MinMax).Strategy.Name);
        Assert.Equal("tpe", Create([ObjectiveDirection.Minimize]).Strategy.Name);
        Assert.Equal("random", Create(MinMax, new StudyOptions { Strategy = new RandomSearch() }).Strategy.Name);
    }

    [Fact]
    public void A_wrong_number_of_values_is_refused_before_anything_is_written()
    {
        var study = Create(MinMax);
        var trial = study.Ask(X);
        Assert.Equal("value", Assert.Throws<CaviarValidationException>(() => study.Tell(trial, 0.5)).Field);
        Assert.Equal("values", Assert.Throws<CaviarValidationException>(() => study.Tell(trial, [1.0, 2, 3])).Field);
        Assert.Equal(TrialState.Running, study.Trials.Single().State);
        Assert.Throws<CaviarValidationException>(() =>
            study.Optimize(t => t.SuggestFloat("x", 0, 1), new TuningLimits { MaxTrials = 1 }));
        Assert.Single(study.Trials);
    }

    [Fact]
    public void A_value_that_is_not_finite_fails_the_trial()
    {
        var study = Create(MinMax);
        var told = study.Tell(study.Ask(X), [1.0, double.NaN]);
        Assert.Equal(TrialState.Failed, told.State);
        Assert.Contains("NaN", told.FailureReason);
    }

    [Fact]
    public void Constraints_from_the_hook_are_stored_and_infeasible_trials_leave_the_front()
    {
        var study = Create(MinMax, new StudyOptions
        {
            Strategy = new RandomSearch(), Seed = 2,
            // Feasible when x ≤ 0.5: the constraint value is x − 0.5.
            Constraints = trial => [Convert.ToDouble(trial.ExternalParams["x"]) - 0.5],
        });
        study.Optimize(t => { double x = t.SuggestFloat("x", 0, 1); return (x, x); }, new TuningLimits { MaxTrials = 30 });

        var trials = study.Trials;
        Assert.All(trials, t => Assert.Equal(Convert.ToDouble(t.ExternalParams["x"]) - 0.5, t.Constraints.Single()));
        Assert.Contains(trials, t => !t.IsFeasible);
        // Maximising x as well as minimising it: every trial is non-dominated, yet only the feasible ones are the front.
        Assert.Equal(trials.Where(t => t.IsFeasible).Select(t => t.Number), study.BestTrials.Select(t => t.Number));
        var infeasible = trials.First(t => !t.IsFeasible);
        Assert.Equal(Convert.ToDouble(infeasible.ExternalParams["x"]) - 0.5, infeasible.ConstraintViolation, 12);
    }

    [Fact]
    public void Constraints_can_be_told_with_the_values_and_make_the_best_single_objective_trial_feasible()
    {
        var study = Create([ObjectiveDirection.Minimize]);
        study.Tell(study.Ask(X), [1.0], [0.0]);
        study.Tell(study.Ask(X), [0.5], [0.25]);
        study.Tell(study.Ask(X), [2.0], [-1.0]);
        Assert.Equal(0, study.BestTrial!.Number);
        Assert.Equal([0], study.BestTrials.Select(t => t.Number));
        Assert.Equal(0.25, study.Trials[1].ConstraintViolation);
    }

    [Fact]
    public void Pruners_refuse_several_objectives_without_an_early_stopping_objective()
    {
        foreach (IPruner pruner in new IPruner[] { new MedianStoppingRule(), new Hyperband(1, 27) })
        {
            var refused = Assert.Throws<CaviarValidationException>(() => Create(MinMax, new StudyOptions { Pruner = pruner }));
            Assert.Equal("earlyStoppingObjective", refused.Field);
            Assert.Contains("2", refused.Reason);
        }
        var store = new InMemoryStudyStore();
        Assert.Throws<CaviarValidationException>(() => Study.Create(store, "s", MinMax,
            new StudyOptions { Pruner = new MedianStoppingRule(), EarlyStoppingObjective = 2 }));
        Assert.Empty(store.ListStudies());
    }

    [Fact]
    public void The_pruner_compares_the_chosen_objective_in_its_direction()
    {
        var study = Create(MinMax, new StudyOptions
        {
            Pruner = new MedianStoppingRule(new MedianStoppingOptions { StartupTrials = 1, WarmupSteps = 0 }),
            EarlyStoppingObjective = 1,
        });
        var first = study.Ask(X);
        first.Report(1, 10);
        study.Tell(first, [0.0, 10]);
        var second = study.Ask(X);
        second.Report(1, 1);
        // Objective 1 is maximised: 1 is worse than 10, so the trial stops (minimising, it would go on).
        Assert.Equal(ObjectiveDirection.Maximize, study.PruningDirection);
        Assert.True(second.ShouldPrune());
    }

    [Fact]
    public void Gp_refuses_several_objectives()
    {
        var refused = Assert.Throws<CaviarValidationException>(() => Create(MinMax, new StudyOptions { Strategy = new GpStrategy() }));
        Assert.Equal("strategy", refused.Field);
    }

    [Fact]
    public void Random_and_grid_run_several_objectives()
    {
        var grid = Create(MinMax, new StudyOptions { Strategy = new GridSearch() });
        var space = new SearchSpace([new IntegerRange("n", 1, 4), new CategoricalRange("c", ["a", "b"])]);
        var outcome = grid.Optimize(t => new[] { (double)(long)t.Params["n"], t.Params["c"] is "a" ? 1.0 : 2.0 },
            new TuningLimits { MaxTrials = 100 }, space);
        Assert.Equal(StopReason.SearchSpaceExhausted, outcome.StopReason);
        Assert.Equal(8, grid.Trials.Select(t => string.Join(",", t.ExternalParams.Values)).Distinct().Count());
        Assert.Equal([(1L, "b")], grid.BestTrials.Select(t => ((long)t.ExternalParams["n"], (string)t.ExternalParams["c"])));

        var random = Create([.. MinMax, ObjectiveDirection.Minimize], new StudyOptions { Strategy = new RandomSearch() });
        random.Optimize(t => { double x = t.SuggestFloat("x", 0, 1); return (x, x, 1 - x); }, new TuningLimits { MaxTrials = 10 });
        Assert.Equal(10, random.BestTrials.Count);
    }

    [Fact]
    public void Add_records_several_values_and_the_hypervolume_counts_them()
    {
        var study = Create(MinMax);
        study.Add(X, new Dictionary<string, object> { ["x"] = 0.25 }, [1.0, 3.0]);
        study.Add(X, new Dictionary<string, object> { ["x"] = 0.5 }, [2.0, 4.0]);
        Assert.Equal(2, study.BestTrials.Count);
        // Reference (3, 1): boxes [1,3]×[1,3] and [2,3]×[1,4] in the objectives' own terms: 4 + 3 − 2 = 5.
        Assert.Equal(5, ParetoFront.Hypervolume(study.Trials, study.Directions, [3, 1]), 12);
    }
}

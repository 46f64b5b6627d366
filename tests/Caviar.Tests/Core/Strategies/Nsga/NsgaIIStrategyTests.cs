using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Strategies.Nsga;
using Caviar.Strategies.Tpe;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.MultiObjective;

public class NsgaIIStrategyTests
{
    private static readonly MultiObjectiveFunction Zdt1 = MultiObjectiveFunctions.Zdt1;

    [Fact]
    public void The_same_seed_gives_the_same_trials()
    {
        var a = MultiObjectiveRuns.Run(Zdt1, new NsgaIIStrategy(), seed: 5, trials: 70);
        var b = MultiObjectiveRuns.Run(Zdt1, new NsgaIIStrategy(), seed: 5, trials: 70);
        var c = MultiObjectiveRuns.Run(Zdt1, new NsgaIIStrategy(), seed: 6, trials: 70);
        Assert.Equal(a.Trials.Select(t => t.ToString()), b.Trials.Select(t => t.ToString()));
        Assert.NotEqual(a.Trials.Select(t => t.ToString()), c.Trials.Select(t => t.ToString()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void It_covers_more_hypervolume_than_random_search_on_zdt1(int seed)
    {
        double nsga = MultiObjectiveRuns.Hypervolume(MultiObjectiveRuns.Run(Zdt1, new NsgaIIStrategy(), seed, 200), Zdt1);
        double random = MultiObjectiveRuns.Hypervolume(MultiObjectiveRuns.Run(Zdt1, new RandomSearch(), seed, 200), Zdt1);
        Assert.True(nsga > random, $"NSGA-II {nsga} vs random {random}");
    }

    /// <summary>
    /// Completed trials are counted as they finish (from the study's history snapshots) instead of in a pass over the
    /// history on every ask: the proposals must be those of a full pass (a plain list), with trials failing and some
    /// finishing generations late, out of order.
    /// </summary>
    [Fact]
    public void Counting_completed_trials_as_they_finish_proposes_what_a_full_pass_does()
    {
        var options = new NsgaIIOptions { PopulationSize = 6 };
        var incremental = new NsgaIIStrategy(options);
        var study = Study.Create(new InMemoryStudyStore(), "incremental", Zdt1.Directions, new StudyOptions { Seed = 1, Strategy = incremental });
        var late = new Queue<Trial>();
        double[] Values(Trial trial) => Zdt1.Objectives(Zdt1.Point(trial.Params));
        int compared = 0;
        for (int i = 0; i < 80; i++)
        {
            var trial = study.Ask(Zdt1.Space);
            if (i % 7 == 3) late.Enqueue(trial);
            else if (i % 11 == 5) study.Tell(trial, TrialState.Failed);
            else study.Tell(trial, Values(trial));
            if (i % 10 == 9 && late.Count > 0) { var finished = late.Dequeue(); study.Tell(finished, Values(finished)); }

            var snapshot = study.CurrentTrials();
            Assert.IsType<TrialHistorySnapshot>(snapshot);
            var fromSnapshot = incremental.ProposeJoint(new StrategyContext(snapshot, Zdt1.Directions, snapshot.Count, 1), Zdt1.Space);
            var fromList = new NsgaIIStrategy(options).ProposeJoint(new StrategyContext([.. snapshot], Zdt1.Directions, snapshot.Count, 1), Zdt1.Space);
            Assert.Equal(fromList, fromSnapshot);
            if (snapshot.Count >= 2 * options.PopulationSize) compared++;
        }
        Assert.True(compared > 50);
    }

    [Fact]
    public void Generations_without_a_completed_trial_pass_their_parents_on_as_a_full_pass_does()
    {
        var options = new NsgaIIOptions { PopulationSize = 5 };
        var incremental = new NsgaIIStrategy(options);
        var study = Study.Create(new InMemoryStudyStore(), "failures", Zdt1.Directions, new StudyOptions { Seed = 2, Strategy = incremental });
        for (int i = 0; i < 90; i++)
        {
            var trial = study.Ask(Zdt1.Space);
            // 20 completed trials, then generations of failures only, then completed ones again.
            if (i is >= 20 and < 70) study.Tell(trial, TrialState.Failed);
            else study.Tell(trial, Zdt1.Objectives(Zdt1.Point(trial.Params)));
            var snapshot = study.CurrentTrials();
            var fromSnapshot = incremental.ProposeJoint(new StrategyContext(snapshot, Zdt1.Directions, snapshot.Count, 2), Zdt1.Space);
            var fromList = new NsgaIIStrategy(options).ProposeJoint(new StrategyContext([.. snapshot], Zdt1.Directions, snapshot.Count, 2), Zdt1.Space);
            Assert.Equal(fromList, fromSnapshot);
        }
        Assert.Equal(40, study.Trials.Count(t => t.State == TrialState.Completed));
    }

    /// <summary>
    /// The cached parents are handed out without any pass when nothing finished since the last ask; asking again with
    /// nothing new, or for an earlier generation after later ones were built (a reattached trial), and then going on
    /// must still propose what a strategy without a cache does.
    /// </summary>
    [Fact]
    public void Asks_with_nothing_new_and_asks_for_earlier_generations_propose_what_a_full_pass_does()
    {
        var options = new NsgaIIOptions { PopulationSize = 4 };
        var incremental = new NsgaIIStrategy(options);
        var study = Study.Create(new InMemoryStudyStore(), "fast-path", Zdt1.Directions, new StudyOptions { Seed = 3, Strategy = incremental });
        var late = new Queue<Trial>();
        void Compare(IReadOnlyList<TrialRecord> snapshot, int number)
        {
            var fromSnapshot = incremental.ProposeJoint(new StrategyContext(snapshot, Zdt1.Directions, number, 3), Zdt1.Space);
            var fromList = new NsgaIIStrategy(options).ProposeJoint(new StrategyContext([.. snapshot], Zdt1.Directions, number, 3), Zdt1.Space);
            Assert.Equal(fromList, fromSnapshot);
        }
        for (int i = 0; i < 60; i++)
        {
            var trial = study.Ask(Zdt1.Space);
            if (i % 5 == 1) late.Enqueue(trial);   // finishes a few generations later: an early generation's count grows
            else study.Tell(trial, Zdt1.Objectives(Zdt1.Point(trial.Params)));
            if (i % 9 == 8) { var finished = late.Dequeue(); study.Tell(finished, Zdt1.Objectives(Zdt1.Point(finished.Params))); }
            var snapshot = study.CurrentTrials();
            Compare(snapshot, snapshot.Count);
            Compare(snapshot, snapshot.Count);                   // nothing new since the last ask
            Compare(snapshot, Math.Max(4, snapshot.Count - 9));  // an earlier generation, from the cache
            Compare(snapshot, snapshot.Count + 1);
        }
    }

    /// <summary>
    /// An ask at 1,000 completed trials allocates a few kilobytes, not a copy of the history's last chunk (8 KB, which
    /// every ask made before the cache froze only the slots a read can see) nor anything that grows with the study.
    /// Allocated bytes do not depend on the machine's load.
    /// </summary>
    [Fact]
    public void An_ask_at_a_thousand_trials_allocates_less_than_a_history_chunk()
    {
        var study = Study.Create(new InMemoryStudyStore(), "allocations", Zdt1.Directions, new StudyOptions { Seed = 0 });
        study.Optimize(t => Zdt1.Objectives(Zdt1.Point(t.Params)), new TuningLimits { MaxTrials = 1000 }, Zdt1.Space);
        for (int i = 0; i < 50; i++) study.Tell(study.Ask(Zdt1.Space), TrialState.Failed);
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int asks = 240;
        for (int i = 0; i < asks; i++)
        {
            var trial = study.Ask(Zdt1.Space);
            study.Tell(trial, TrialState.Failed);
        }
        long perAsk = (GC.GetAllocatedBytesForCurrentThread() - before) / asks;
        Assert.InRange(perAsk, 1, 8 * 1024);
    }

    /// <summary>
    /// The model-based start: the first generations are what multi-objective TPE proposes on the same study, and the
    /// generations after them are NSGA-II's children of those trials (without variation, copies of earlier points).
    /// </summary>
    [Fact]
    public void A_model_based_start_proposes_tpe_trials_then_children_of_their_survivors()
    {
        var hybrid = new NsgaIIStrategy(new NsgaIIOptions
        {
            PopulationSize = 5, ModelBasedGenerations = 3, CrossoverProbability = 0, MutationProbability = 0,
        });
        var fromHybrid = MultiObjectiveRuns.Run(Zdt1, hybrid, seed: 4, trials: 30).Trials;
        var fromTpe = MultiObjectiveRuns.Run(Zdt1, new TpeStrategy(), seed: 4, trials: 15).Trials;
        string Point(TrialRecord t) => string.Join(",", t.Params.OrderBy(p => p.Key).Select(p => p.Value));
        Assert.Equal(fromTpe.Select(Point), fromHybrid.Take(15).Select(Point));
        foreach (var child in fromHybrid.Skip(15))
            Assert.Contains(Point(child), fromHybrid.Where(t => t.Number < child.Number / 5 * 5).Select(Point));
    }

    /// <summary>
    /// With three objectives and <see cref="NsgaIIOptions.ModelBasedForManyObjectives"/>, every trial, past the model-based
    /// generations too, is what univariate multi-objective TPE proposes on the same study.
    /// </summary>
    [Fact]
    public void With_three_objectives_the_many_objectives_rule_proposes_univariate_tpe_trials_throughout()
    {
        var hybrid = new NsgaIIStrategy(new NsgaIIOptions
        {
            PopulationSize = 4, ModelBasedGenerations = 2, ModelBasedForManyObjectives = true,
        });
        var dtlz2 = MultiObjectiveFunctions.Dtlz2;
        var fromHybrid = MultiObjectiveRuns.Run(dtlz2, hybrid, seed: 3, trials: 24).Trials;
        var univariate = MultiObjectiveRuns.Run(dtlz2, new TpeStrategy(new TpeOptions { Multivariate = false }), seed: 3, trials: 24).Trials;
        var multivariate = MultiObjectiveRuns.Run(dtlz2, new TpeStrategy(), seed: 3, trials: 24).Trials;
        string Point(TrialRecord t) => string.Join(",", t.Params.OrderBy(p => p.Key).Select(p => p.Value));
        Assert.Equal(univariate.Select(Point), fromHybrid.Select(Point));
        // After TPE's 10 start-up trials, the univariate proposals differ from the joint ones.
        Assert.NotEqual(multivariate.Skip(10).Select(Point), fromHybrid.Skip(10).Select(Point));
    }

    /// <summary>The same options with two objectives: TPE's generations, then NSGA-II's children (copies without variation).</summary>
    [Fact]
    public void With_two_objectives_the_many_objectives_rule_changes_nothing()
    {
        NsgaIIOptions Options(bool many) => new()
        {
            PopulationSize = 5, ModelBasedGenerations = 3, CrossoverProbability = 0, MutationProbability = 0,
            ModelBasedForManyObjectives = many,
        };
        var with = MultiObjectiveRuns.Run(Zdt1, new NsgaIIStrategy(Options(true)), seed: 4, trials: 30).Trials;
        var without = MultiObjectiveRuns.Run(Zdt1, new NsgaIIStrategy(Options(false)), seed: 4, trials: 30).Trials;
        string Point(TrialRecord t) => string.Join(",", t.Params.OrderBy(p => p.Key).Select(p => p.Value));
        Assert.Equal(without.Select(Point), with.Select(Point));
        foreach (var child in with.Skip(15))
            Assert.Contains(Point(child), with.Where(t => t.Number < child.Number / 5 * 5).Select(Point));
    }

    /// <summary>NSGA2 named (the options' own defaults) stays NSGA-II with three objectives: children of earlier trials.</summary>
    [Fact]
    public void Plain_nsga2_stays_evolutionary_with_three_objectives()
    {
        var strategy = new NsgaIIStrategy(new NsgaIIOptions { PopulationSize = 4, CrossoverProbability = 0, MutationProbability = 0 });
        var trials = MultiObjectiveRuns.Run(MultiObjectiveFunctions.Dtlz2, strategy, seed: 2, trials: 16).Trials;
        string Point(TrialRecord t) => string.Join(",", t.Params.OrderBy(p => p.Key).Select(p => p.Value));
        foreach (var child in trials.Skip(4))
            Assert.Contains(Point(child), trials.Where(t => t.Number < child.Number / 4 * 4).Select(Point));
    }

    [Fact]
    public void The_default_for_several_objectives_is_nsga2_with_a_model_based_start()
    {
        var study = Study.Create(new InMemoryStudyStore(), "default", Zdt1.Directions, new StudyOptions { Seed = 0 });
        var strategy = Assert.IsType<NsgaIIStrategy>(study.Strategy);
        Assert.Equal(5, strategy.Options.ModelBasedGenerations);
        Assert.True(strategy.Options.ModelBasedForManyObjectives);
    }

    [Fact]
    public void A_quasi_random_start_spreads_generation_zero_over_the_sobol_points()
    {
        var nsga = new NsgaIIStrategy(new NsgaIIOptions { PopulationSize = 8, Startup = StartupSampling.QuasiRandom });
        var sobol = new QuasiRandomSearch();
        for (int n = 0; n < 8; n++)
        {
            var context = new StrategyContext([], Zdt1.Directions, n, 5);
            Assert.Equal(sobol.ProposeJoint(context, Zdt1.Space), nsga.ProposeJoint(context, Zdt1.Space));
        }
        var plain = new NsgaIIStrategy(new NsgaIIOptions { PopulationSize = 8 });
        Assert.NotEqual(sobol.ProposeJoint(new StrategyContext([], Zdt1.Directions, 1, 5), Zdt1.Space),
            plain.ProposeJoint(new StrategyContext([], Zdt1.Directions, 1, 5), Zdt1.Space));
    }

    [Fact]
    public void Without_crossover_or_mutation_each_child_copies_a_parent_of_the_generation_before()
    {
        var strategy = new NsgaIIStrategy(new NsgaIIOptions { PopulationSize = 4, CrossoverProbability = 0, MutationProbability = 0 });
        var trials = MultiObjectiveRuns.Run(Zdt1, strategy, seed: 1, trials: 16).Trials;
        string Point(TrialRecord t) => string.Join(",", t.Params.OrderBy(p => p.Key).Select(p => p.Value));
        Assert.Equal(4, trials.Take(4).Select(Point).Distinct().Count());
        foreach (var child in trials.Skip(4))
            Assert.Contains(Point(child), trials.Where(t => t.Number < child.Number / 4 * 4).Select(Point));
    }

    [Fact]
    public void Survivors_are_whole_fronts_then_the_least_crowded_and_feasible_before_infeasible()
    {
        Member M(int number, double a, double b, double violation = 0) => new(number, [0], [a, b], violation);
        var candidates = new List<Member>
        {
            M(0, 0, 4), M(1, 1, 3), M(2, 1.1, 2.9), M(3, 4, 0), // front 0: 1 is crowded between 0 and 2
            M(4, 5, 5),                                         // front 1
            M(5, -9, -9, violation: 0.1),                       // infeasible: last, however good
        };
        Assert.Equal([0, 2, 3], Survivors.Select(candidates, 3).Select(m => m.Number).Order());
        Assert.Equal([0, 1, 2, 3, 4], Survivors.Select(candidates, 5).Select(m => m.Number).Order());
        Assert.Equal(2, Survivors.Select(candidates, 6).Single(m => m.Number == 5).Rank);
    }

    [Fact]
    public void Variation_stays_inside_the_cube_and_picks_choices_of_the_parents()
    {
        var random = new Random(1);
        int[] choices = [0, 0, 5];
        for (int i = 0; i < 2000; i++)
        {
            var child = Variation.Crossover([random.NextDouble(), 0, 1], [random.NextDouble(), 1, 3], choices, 2, random);
            Assert.All(child.Take(2), x => Assert.InRange(x, 0, 1));
            Assert.Contains(child[2], new[] { 1.0, 3.0 });
            Variation.Mutate(child, choices, 1, 2, random);
            Assert.All(child.Take(2), x => Assert.InRange(x, 0, 1));
            Assert.InRange(child[2], 0, 4);
        }
        var copy = new[] { 0.3, 0.7, 2 };
        Variation.Mutate(copy, choices, 0, 20, random);
        Assert.Equal([0.3, 0.7, 2], copy);
    }

    [Fact]
    public void A_mixed_space_gets_valid_values_of_every_kind()
    {
        var space = new SearchSpace([
            new ContinuousRange("lr", 1e-4, 1e-1, ScalingType.Logarithmic), new IntegerRange("layers", 1, 6),
            new CategoricalRange("act", ["relu", "tanh", "gelu"]),
        ]);
        var study = Study.Create(new InMemoryStudyStore(), "mixed", [ObjectiveDirection.Minimize, ObjectiveDirection.Minimize],
            new StudyOptions { Seed = 3, Strategy = new NsgaIIStrategy(new NsgaIIOptions { PopulationSize = 10 }) });
        study.Optimize(t =>
        {
            double lr = (double)t.Params["lr"];
            long layers = (long)t.Params["layers"];
            double penalty = (string)t.Params["act"] == "gelu" ? 0 : 1;
            return (Math.Abs(Math.Log10(lr) + 2.5) + penalty, layers + penalty);
        }, new TuningLimits { MaxTrials = 80 }, space);
        Assert.All(study.Trials, t => Assert.True(space.Ranges.All(r => r.Contains(t.Params[r.Name]))));
        // Later generations learn that gelu is better in both objectives.
        Assert.True(study.Trials.Skip(60).Count(t => (string)t.ExternalParams["act"] == "gelu") >
                    study.Trials.Take(20).Count(t => (string)t.ExternalParams["act"] == "gelu"));
        Assert.Contains(study.BestTrials, t => (long)t.ExternalParams["layers"] == 1);
    }

    [Fact]
    public void Constraints_lead_the_search_into_the_feasible_region()
    {
        // Feasible only when the six coordinates sum to at most 1: about 1 random point in 700.
        double[] SumAtMostOne(double[] x) => [x.Sum() - 1];
        var nsga = MultiObjectiveRuns.Run(Zdt1, new NsgaIIStrategy(), seed: 0, trials: 200, constraints: SumAtMostOne);
        var random = MultiObjectiveRuns.Run(Zdt1, new RandomSearch(), seed: 0, trials: 200, constraints: SumAtMostOne);
        int Feasible(Study s) => s.Trials.Skip(150).Count(t => t.IsFeasible);
        Assert.True(Feasible(nsga) >= 10 && Feasible(nsga) > 3 * Feasible(random), $"{Feasible(nsga)} vs {Feasible(random)}");
        Assert.All(nsga.BestTrials, t => Assert.True(t.IsFeasible));
    }

    [Fact]
    public void A_population_below_two_is_refused()
    {
        Assert.Equal("nsga2.populationSize", Assert.Throws<CaviarValidationException>(() =>
            new NsgaIIStrategy(new NsgaIIOptions { PopulationSize = 1 })).Field);
    }
}

using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.Tests.Support;
using Caviar.Trials;
using Caviar.Validation;
using static Caviar.Tests.Support.Studies;

namespace Caviar.Tests.Studies;

public class OptimizeTests
{
    [Fact]
    public void Stops_at_max_trials()
    {
        var study = InMemory(new RandomSearch());
        var outcome = study.Optimize(t => t.SuggestFloat("x", 0, 1), new TuningLimits { MaxTrials = 7 });
        Assert.Equal(StopReason.MaxTrialsReached, outcome.StopReason);
        Assert.Equal(7, outcome.TrialsRun);
        Assert.Equal(Enumerable.Range(0, 7), study.Trials.Select(t => t.Number));
    }

    [Fact]
    public void Max_trials_counts_trials_from_earlier_runs_of_a_resumed_study()
    {
        var store = new InMemoryStudyStore();
        var first = Study.Create(store, "resumable", ObjectiveDirection.Minimize);
        first.Optimize(t => t.SuggestFloat("x", 0, 1), new TuningLimits { MaxTrials = 4 });

        var resumed = Study.Load(store, "resumable");
        var outcome = resumed.Optimize(t => t.SuggestFloat("x", 0, 1), new TuningLimits { MaxTrials = 10 });
        Assert.Equal(6, outcome.TrialsRun);
        Assert.Equal(Enumerable.Range(0, 10), resumed.Trials.Select(t => t.Number));
    }

    [Fact]
    public void A_failing_objective_fails_its_trial_and_the_run_goes_on()
    {
        var study = InMemory(new RandomSearch());
        study.Optimize(t =>
        {
            double x = t.SuggestFloat("x", 0, 1);
            return t.Number == 1 ? throw new InvalidDataException("diverged") : x;
        }, new TuningLimits { MaxTrials = 3 });

        var states = study.Trials.Select(t => t.State).ToArray();
        Assert.Equal([TrialState.Completed, TrialState.Failed, TrialState.Completed], states);
        Assert.Equal("InvalidDataException: diverged", study.Trials[1].FailureReason);
    }

    [Fact]
    public void A_pruned_objective_ends_as_pruned_with_its_intermediate_values()
    {
        var study = InMemory(new RandomSearch());
        study.Optimize(t =>
        {
            t.Report(0, 5.0);
            throw new TrialPrunedException("worse than the median");
        }, new TuningLimits { MaxTrials = 2 });
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Pruned, t.State));
        Assert.Equal(5.0, study.Trials[0].IntermediateValues[0]);
        Assert.Null(study.BestTrial);
    }

    [Fact]
    public void Runs_up_to_max_parallel_trials_at_once_and_never_more()
    {
        int running = 0, peak = 0;
        var study = InMemory(new RandomSearch());
        study.Optimize(t =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            Thread.Sleep(40);
            Interlocked.Decrement(ref running);
            return t.SuggestFloat("x", 0, 1);
        }, new TuningLimits { MaxTrials = 12, MaxParallel = 3 });

        Assert.Equal(3, peak);
        Assert.Equal(12, study.Trials.Count);
        Assert.Equal(12, study.Trials.Select(t => t.Number).Distinct().Count());
    }

    [Fact]
    public void Stops_launching_when_max_runtime_is_spent()
    {
        var clock = new ManualClock();
        var study = InMemory(new RandomSearch(), clock: clock);
        var outcome = study.Optimize(t =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            return t.SuggestFloat("x", 0, 1);
        }, new TuningLimits { MaxRuntime = TimeSpan.FromMinutes(5) });
        Assert.Equal(StopReason.MaxRuntimeReached, outcome.StopReason);
        Assert.Equal(5, outcome.TrialsRun);
    }

    [Fact]
    public async Task A_trial_that_honours_cancellation_when_the_runtime_ends_is_stopped()
    {
        var study = InMemory(new RandomSearch());
        var outcome = await study.OptimizeAsync(async (t, token) =>
        {
            t.SuggestFloat("x", 0, 1);
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return 0;
        }, new TuningLimits { MaxRuntime = TimeSpan.FromSeconds(1) });
        Assert.Equal(StopReason.MaxRuntimeReached, outcome.StopReason);
        Assert.Equal(TrialState.Stopped, study.Trials.Single().State);
    }

    [Fact]
    public void Ends_when_the_target_value_is_reached()
    {
        var study = InMemory(new RandomSearch());
        var outcome = study.Optimize(t => 10 - t.Number, new TuningLimits { MaxTrials = 50 },
            new CompletionCriteria { TargetObjectiveValue = 6 });
        Assert.Equal(StopReason.TargetReached, outcome.StopReason);
        Assert.Equal(5, outcome.TrialsRun);
    }

    [Fact]
    public void Ends_when_the_best_stops_improving()
    {
        var study = InMemory(new RandomSearch(), direction: ObjectiveDirection.Maximize);
        var outcome = study.Optimize(t => t.Number < 3 ? t.Number : 0, new TuningLimits { MaxTrials = 50 },
            new CompletionCriteria { BestNotImprovingTrials = 4 });
        Assert.Equal(StopReason.BestNotImproving, outcome.StopReason);
        Assert.Equal(7, outcome.TrialsRun);
        Assert.Equal(2, outcome.BestTrial!.Number);
    }

    [Fact]
    public void Ends_on_convergence_when_the_best_only_creeps_forward()
    {
        // 100, 90, ..., 10 (big steps), then 9.999, 9.998, ...: still improving every trial, but by a hair.
        var study = InMemory(new RandomSearch());
        var outcome = study.Optimize(t => t.Number < 10 ? 100 - 10 * t.Number : 10 - 0.001 * (t.Number - 9),
            new TuningLimits { MaxTrials = 200 },
            new CompletionCriteria { Convergence = new Convergence { Window = 5, Tolerance = 0.01 } });
        Assert.Equal(StopReason.Converged, outcome.StopReason);
        // Trial 14 closes the first window of 5 whose improvement (0.005) is under 1% of the spread (90): 15 trials.
        Assert.Equal(15, outcome.TrialsRun);
    }

    [Fact]
    public void Does_not_converge_while_the_best_still_moves_by_real_steps()
    {
        var study = InMemory(new RandomSearch(), direction: ObjectiveDirection.Maximize);
        var outcome = study.Optimize(t => t.Number, new TuningLimits { MaxTrials = 40 },
            new CompletionCriteria { Convergence = new Convergence { Window = 5, Tolerance = 0.01 } });
        Assert.Equal(StopReason.MaxTrialsReached, outcome.StopReason);
    }

    [Theory]
    [InlineData(0, 0.01, "criteria.convergence.window")]
    [InlineData(5, 1.5, "criteria.convergence.tolerance")]
    [InlineData(5, double.NaN, "criteria.convergence.tolerance")]
    public void A_bad_convergence_rule_is_refused_by_field(int window, double tolerance, string field)
    {
        var study = InMemory(new RandomSearch());
        var error = Assert.Throws<CaviarValidationException>(() => study.Optimize(t => 0, new TuningLimits { MaxTrials = 5 },
            new CompletionCriteria { Convergence = new Convergence { Window = window, Tolerance = tolerance } }));
        Assert.Equal(field, error.Field);
        Assert.Empty(study.Trials);
    }

    [Fact]
    public void An_unbounded_run_is_refused_before_any_trial_starts()
    {
        var study = InMemory(new RandomSearch());
        var error = Assert.Throws<CaviarValidationException>(() => study.Optimize(t => 0, new TuningLimits()));
        Assert.Equal("limits", error.Field);
        Assert.Empty(study.Trials);
    }

    [Theory]
    [InlineData(0, 1, "limits.maxTrials")]
    [InlineData(5, 0, "limits.maxParallel")]
    public void Bad_limits_are_refused_naming_the_field(int maxTrials, int maxParallel, string field)
    {
        var study = InMemory(new RandomSearch());
        var error = Assert.Throws<CaviarValidationException>(() =>
            study.Optimize(t => 0, new TuningLimits { MaxTrials = maxTrials, MaxParallel = maxParallel }));
        Assert.Equal(field, error.Field);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value &&
               Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}

using Caviar.Jobs.Launching;
using Caviar.Jobs.Specs;
using Caviar.Jobs.Tuning;
using Caviar.Pruning;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Tests.Jobs;
using Caviar.Tests.Pruning;
using Caviar.Tests.Support;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.Specs;

/// <summary>A spec is checked completely and compiled once into a plan, which is what runs (issue 19).</summary>
public class TuningPlanTests
{
    private const string Branin = """
        { "name": "plan", "objective": { "function": "branin" }, "strategy": "Random", "limits": { "maxTrials": 7 } }
        """;

    [Fact]
    public void A_spec_with_three_bad_fields_reports_all_three_in_order()
    {
        var error = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Parse("""
            { "name": "../x", "objective": { "function": "branin" }, "strategy": "annealing", "limits": { "maxTrials": 0 } }
            """));
        Assert.Equal(["name", "strategy", "limits.maxTrials"], error.Errors.Select(e => e.Field));
        Assert.Equal("name", error.Field);   // the first, as before
        Assert.Contains("unknown strategy 'annealing'", error.Errors[1].Reason);
    }

    [Fact]
    public void Every_bad_limit_and_every_bad_field_of_the_training_job_is_reported()
    {
        using var dir = new TempDirectory();
        var spec = new TuningSpec
        {
            Name = "many",
            Objective = new ObjectiveSpec { MetricName = "loss" },
            TrainingJob = ShellJobs.Script("true", ShellJobs.Loss) with
            {
                Name = null, StoppingCondition = new StoppingCondition { MaxRuntimeSeconds = 0 },
                RetryStrategy = new RetryStrategy { MaximumRetryAttempts = 99 },
            },
            HyperParameterRanges = [new Caviar.SearchSpaces.ContinuousRange("x", 0, 1)],
            Limits = new LimitsSpec { MaxTrials = 0, MaxParallel = 0 },
        };
        var error = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Compile(spec, dir.Path));
        Assert.Equal(["trainingJob.stoppingCondition.maxRuntimeSeconds", "trainingJob.retryStrategy.maximumRetryAttempts",
            "limits.maxTrials", "limits.maxParallel"], error.Errors.Select(e => e.Field));
    }

    [Fact]
    public void A_training_spec_with_three_bad_fields_reports_all_three()
    {
        using var dir = new TempDirectory();
        var spec = ShellJobs.Script("true", ShellJobs.Loss) with
        {
            Name = "../job", Environment = new() { ["CAVIAR_X"] = "1" },
            StoppingCondition = new StoppingCondition { MaxRuntimeSeconds = -1 },
        };
        var error = Assert.Throws<CaviarValidationException>(() => TrainingJobValidator.Compile(spec, dir.Path));
        Assert.Equal(["name", "stoppingCondition.maxRuntimeSeconds", "environment.CAVIAR_X"], error.Errors.Select(e => e.Field));
    }

    [Fact]
    public void The_core_names_its_parameters_and_the_spec_layer_names_the_spec_path()
    {
        using var dir = new TempDirectory();
        Assert.Equal("minResource", Assert.Throws<CaviarValidationException>(() => new Hyperband(0, 9)).Field);
        var spec = TuningSpecLoader.Read(WriteSpec(dir, """
            { "name": "hb", "objective": { "function": "branin" }, "strategy": "Hyperband",
              "hyperband": { "minResource": 0, "maxResource": 9 }, "limits": { "maxTrials": 4 } }
            """));
        var error = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Compile(spec, dir.Path));
        Assert.Equal("hyperband.minResource", Assert.Single(error.Errors).Field);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("4")]
    public void Hyperband_brackets_beyond_what_the_resources_give_are_refused_naming_the_field_and_the_range(string brackets)
    {
        using var dir = new TempDirectory();
        var spec = TuningSpecLoader.Read(WriteSpec(dir, $$"""
            { "name": "hb", "objective": { "function": "branin" }, "strategy": "Hyperband",
              "hyperband": { "maxResource": 9, "brackets": {{brackets}} }, "limits": { "maxTrials": 4 } }
            """));
        var error = Assert.Single(Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Compile(spec, dir.Path)).Errors);
        Assert.Equal("hyperband.brackets", error.Field);
        Assert.Contains("must be 1 to 3", error.Reason);
    }

    [Theory]
    [InlineData("\"brackets\": 1, ", 1)]
    [InlineData("\"brackets\": 2, ", 2)]
    [InlineData("", 3)]
    public void Hyperband_takes_the_brackets_the_spec_names_or_every_one_the_resources_give(string brackets, int count)
    {
        var plan = TuningSpecLoader.Parse($$"""
            { "name": "hb", "objective": { "function": "branin" }, "strategy": "Hyperband",
              "hyperband": { {{brackets}}"maxResource": 9 }, "limits": { "maxTrials": 4 } }
            """);
        Assert.Equal(count, Assert.IsType<Hyperband>(plan.Pruner).BracketCount);
    }

    [Fact]
    public void The_plan_carries_what_the_checks_built()
    {
        var plan = TuningSpecLoader.Parse(Branin);
        Assert.IsType<RandomSearch>(plan.Strategy);
        Assert.IsType<NoPruning>(plan.Pruner);
        Assert.Equal(2, plan.Space.Count);
        Assert.Equal(7, plan.TrialTotal);
        Assert.Same(plan.Objective, Assert.Single(plan.Objectives));
        Assert.Equal(("branin", ObjectiveDirection.Minimize), (plan.Objective.Function!.Name, plan.Direction));
        Assert.Null(plan.TrainingJob);

        var hyperband = TuningSpecLoader.Parse("""
            { "name": "hb", "objective": { "function": "branin" }, "strategy": "Hyperband",
              "hyperband": { "maxResource": 9 }, "limits": { "maxTrials": 4 } }
            """);
        Assert.IsType<TpeStrategy>(hyperband.Strategy);
        Assert.IsType<Hyperband>(hyperband.Pruner);
    }

    [Theory]
    [InlineData("BestSoFar", true)]        // the trial's best 0.6 against the median of best values by step 2, 0.3
    [InlineData("ValueAtStep", false)]     // against the median of values at step 2, 0.8
    [InlineData("RunningAverage", true)]   // against the median of means up to step 2, 0.55
    public void The_median_rule_gets_the_spec_s_settings(string compareWith, bool pruned)
    {
        var plan = TuningSpecLoader.Parse($$"""
            { "name": "median", "objective": { "function": "branin" }, "strategy": "Random", "earlyStopping": "Auto",
              "medianStopping": { "startupTrials": 3, "warmupSteps": 0, "compareWith": "{{compareWith}}" },
              "limits": { "maxTrials": 4 } }
            """);
        var rule = Assert.IsType<MedianStoppingRule>(plan.Pruner);
        TrialRecord[] completed =
        [
            Curves.Trial(0, TrialState.Completed, 0.2, 0.9),
            Curves.Trial(1, TrialState.Completed, 0.3, 0.8),
            Curves.Trial(2, TrialState.Completed, 0.4, 0.7),
        ];
        var trial = Curves.Trial(3, TrialState.Running, 0.7, 0.6);
        Assert.Equal(pruned, rule.ShouldPrune(trial, [.. completed, trial], ObjectiveDirection.Minimize));
        // startupTrials 3 reached the rule: with two completed trials it does not decide.
        Assert.False(rule.ShouldPrune(trial, [completed[0], completed[1], trial], ObjectiveDirection.Minimize));
    }

    [Fact]
    public void The_median_rule_s_settings_are_refused_by_name()
    {
        var error = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Parse("""
            { "name": "median", "objective": { "function": "branin" }, "strategy": "Random", "earlyStopping": "Auto",
              "medianStopping": { "startupTrials": 0, "warmupSteps": -1, "compareWith": 7 }, "limits": { "maxTrials": 4 } }
            """));
        Assert.Equal(["medianStopping.startupTrials", "medianStopping.warmupSteps", "medianStopping.compareWith"],
            error.Errors.Select(e => e.Field));
        var off = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Parse("""
            { "name": "median", "objective": { "function": "branin" }, "strategy": "Random",
              "medianStopping": { "warmupSteps": 3 }, "limits": { "maxTrials": 4 } }
            """));
        Assert.Equal("medianStopping", Assert.Single(off.Errors).Field);
    }

    [Fact]
    public void A_study_resumes_only_with_the_median_rule_it_was_created_with()
    {
        static TuningPlan Plan(string compareWith) => TuningSpecLoader.Parse($$"""
            { "name": "median", "objective": { "function": "branin" }, "strategy": "Random", "earlyStopping": "Auto",
              "medianStopping": { "compareWith": "{{compareWith}}" }, "limits": { "maxTrials": 4 } }
            """);
        var created = Plan("ValueAtStep");
        var study = new StudyRecord(1, "median", ObjectiveDirection.Minimize, DateTimeOffset.UnixEpoch,
            System.Text.Json.JsonSerializer.Serialize(created.Spec, Caviar.Specs.SpecJson.Options));
        SpecCompatibility.EnsureResumable(study, Plan("ValueAtStep"));
        var refused = Assert.Throws<CaviarValidationException>(() => SpecCompatibility.EnsureResumable(study, Plan("BestSoFar")));
        Assert.Equal("medianStopping", refused.Field);
    }

    [Fact]
    public void A_study_created_without_the_median_section_resumes_with_the_defaults_named_and_not_with_others()
    {
        static TuningPlan Plan(string section) => TuningSpecLoader.Parse($$"""
            { "name": "median", "objective": { "function": "branin" }, "strategy": "Random", "earlyStopping": "Auto",
              {{section}} "limits": { "maxTrials": 4 } }
            """);
        var created = Plan("");
        var study = new StudyRecord(1, "median", ObjectiveDirection.Minimize, DateTimeOffset.UnixEpoch,
            System.Text.Json.JsonSerializer.Serialize(created.Spec, Caviar.Specs.SpecJson.Options));
        SpecCompatibility.EnsureResumable(study, Plan("""
            "medianStopping": { "startupTrials": 5, "warmupSteps": 1, "compareWith": "BestSoFar" },
            """));
        SpecCompatibility.EnsureResumable(study, Plan("""  "medianStopping": { },  """));
        var refused = Assert.Throws<CaviarValidationException>(() => SpecCompatibility.EnsureResumable(study, Plan("""
            "medianStopping": { "warmupSteps": 3 },
            """)));
        Assert.Equal("medianStopping", refused.Field);
    }

    [Fact]
    public void A_grid_plan_counts_its_trials_once_maxTrials_or_the_grid_whichever_is_smaller()
    {
        const string grid = """
            { "name": "g", "objective": { "function": "branin" }, "strategy": "Grid", LIMITS
              "hyperParameterRanges": [ { "type": "integer", "name": "x1", "minValue": -5, "maxValue": 10 },
                                        { "type": "integer", "name": "x2", "minValue": 0, "maxValue": 2 } ] }
            """;
        Assert.Equal(48, TuningSpecLoader.Parse(grid.Replace("LIMITS", "\"limits\": { \"maxTrials\": null },")).TrialTotal);
        Assert.Equal(48, TuningSpecLoader.Parse(grid.Replace("LIMITS", "")).TrialTotal);   // default maxTrials 50
        Assert.Equal(10, TuningSpecLoader.Parse(grid.Replace("LIMITS", "\"limits\": { \"maxTrials\": 10 },")).TrialTotal);
    }

    [Fact]
    public async Task The_study_runs_with_the_plan_s_own_strategy_and_pruner()
    {
        using var dir = new TempDirectory();
        var plan = TuningSpecLoader.Parse(Branin, dir.Path);
        var orchestrator = new TuningOrchestrator(new InMemoryStudyStore(), new InProcessLauncher(TimeProvider.System), dir.File("artifacts"));
        var study = orchestrator.OpenStudy(plan, resume: false);
        Assert.Same(plan.Strategy, study.Options.Strategy);
        Assert.Same(plan.Pruner, study.Options.Pruner);
        var outcome = await orchestrator.RunAsync(study, plan);
        Assert.Equal(7, outcome.TrialsRun);
    }

    [Fact]
    public void Narrowing_the_parallel_trials_keeps_everything_else()
    {
        var plan = TuningSpecLoader.Parse(Branin);
        var narrowed = plan.WithMaxParallel(1);
        Assert.Equal((1, 7), (narrowed.Limits.MaxParallel, narrowed.Limits.MaxTrials!.Value));
        Assert.Same(plan.Strategy, narrowed.Strategy);
        Assert.Same(plan.Spec, narrowed.Spec);
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.WithMaxParallel(0));
    }

    [Fact]
    public void Existing_names_and_missing_studies_are_their_own_kinds()
    {
        using var dir = new TempDirectory();
        var store = new InMemoryStudyStore();
        var orchestrator = new TuningOrchestrator(store, new InProcessLauncher(TimeProvider.System), dir.File("artifacts"));
        var plan = TuningSpecLoader.Parse(Branin, dir.Path);
        orchestrator.OpenStudy(plan, resume: false);
        Assert.Equal("name", Assert.Throws<CaviarConflictException>(() => orchestrator.OpenStudy(plan, resume: false)).Field);
        Assert.Equal("direction", Assert.Throws<CaviarConflictException>(() =>
            Caviar.Studies.Study.CreateOrLoad(store, "plan", ObjectiveDirection.Maximize)).Field);
        Assert.Equal("name", Assert.Throws<CaviarNotFoundException>(() => Caviar.Studies.Study.Load(store, "ghost")).Field);
    }

    private static string WriteSpec(TempDirectory dir, string json)
    {
        File.WriteAllText(dir.File("spec.json"), json);
        return dir.File("spec.json");
    }
}

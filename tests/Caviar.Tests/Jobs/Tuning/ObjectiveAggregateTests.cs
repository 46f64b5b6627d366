using Caviar.Jobs.Launching;
using Caviar.Jobs.Specs;
using Caviar.Jobs.Tuning;
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Tests.Support;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.Jobs;

/// <summary>objective.aggregate: which of the metric's values is a trial's result.</summary>
public class ObjectiveAggregateTests
{
    /// <summary>Logs loss 0.5, 0.1, 0.4, 0.3 (the best is not the last): last 0.3, best 0.1, mean of the last 2 0.35.</summary>
    private const string BumpyJob = """
        for v in 0.5 0.1 0.4 0.3; do echo "epoch=$((++e)) loss=$v"; done
        """;

    private static TuningSpec Spec(string aggregate, int? k = null, ObjectiveDirection direction = ObjectiveDirection.Minimize) => new()
    {
        Name = "agg",
        Objective = new ObjectiveSpec { Type = direction, MetricName = "loss", Aggregate = aggregate, K = k },
        TrainingJob = ShellJobs.Script(BumpyJob, ShellJobs.Loss) with { Name = null },
        Strategy = "Random",
        HyperParameterRanges = [new ContinuousRange("x", 0, 1)],
        Limits = new LimitsSpec { MaxTrials = 1 },
    };

    [Theory]
    [InlineData("last", null, ObjectiveDirection.Minimize, 0.3)]
    [InlineData("best", null, ObjectiveDirection.Minimize, 0.1)]
    [InlineData("best", null, ObjectiveDirection.Maximize, 0.5)]
    [InlineData("mean-last-k", 2, ObjectiveDirection.Minimize, 0.35)]
    [InlineData("mean-last-k", 10, ObjectiveDirection.Minimize, 0.325)]
    public async Task A_trial_s_value_is_the_metric_aggregated_as_the_objective_says(string aggregate, int? k,
        ObjectiveDirection direction, double expected)
    {
        using var dir = new TempDirectory();
        var spec = Spec(aggregate, k, direction);
        var plan = TuningSpecLoader.Compile(spec, dir.Path);
        var orchestrator = new TuningOrchestrator(new InMemoryStudyStore(), new InProcessLauncher(TimeProvider.System), dir.File("artifacts"));
        var study = orchestrator.OpenStudy(plan, resume: false);
        await orchestrator.RunAsync(study, plan);
        var trial = Assert.Single(study.Trials);
        Assert.Equal(TrialState.Completed, trial.State);
        Assert.Equal(expected, trial.Value!.Value, 12);
    }

    [Fact]
    public void The_default_is_the_last_value_as_before()
    {
        var spec = TuningSpecLoader.Parse("""
            { "name": "d", "objective": { "metricName": "loss" }, "hyperParameterRanges": [ { "type": "continuous", "name": "x", "minValue": 0, "maxValue": 1 } ],
              "trainingJob": { "command": ["/bin/true"], "metricDefinitions": [ { "name": "loss", "regex": "loss=(\\S+)" } ] } }
            """);
        Assert.Equal("last", spec.Objective!.Aggregate);
        Assert.Equal(3.0, ObjectiveAggregate.Of([1.0, 2.0, 3.0], spec.Objective));
        Assert.Null(ObjectiveAggregate.Of([], spec.Objective));
    }

    [Theory]
    [InlineData("median", null, "objective.aggregate")]
    [InlineData("mean-last-k", null, "objective.k")]
    [InlineData("mean-last-k", 0, "objective.k")]
    [InlineData("best", 3, "objective.k")]
    public void Bad_aggregates_are_refused_naming_the_field(string aggregate, int? k, string field)
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Compile(Spec(aggregate, k), dir.Path));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void An_aggregate_needs_a_training_job_s_metric()
    {
        var error = Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Parse("""
            { "name": "f", "objective": { "function": "branin", "aggregate": "best" } }
            """));
        Assert.Equal("objective.aggregate", error.Field);
    }
}

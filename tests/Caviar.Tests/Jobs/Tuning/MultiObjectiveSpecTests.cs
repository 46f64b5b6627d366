using System.Text.Json.Nodes;
using Caviar.Jobs.Tuning;
using Caviar.Pruning;
using Caviar.Strategies;
using Caviar.Strategies.Nsga;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.MultiObjective;

/// <summary>The tuning spec's objectives, constraints and earlyStoppingObjective: compiled into the plan, or refused by field.</summary>
public class MultiObjectiveSpecTests
{
    private static JsonObject Spec() => JsonNode.Parse(MultiObjectiveTuningCliTests.Spec("mo-spec"))!.AsObject();

    private static TuningPlan Compile(JsonObject spec) => TuningSpecLoader.Parse(spec.ToJsonString());

    private static IReadOnlyList<(string Field, string Reason)> Refusals(JsonObject spec) =>
        Assert.Throws<CaviarValidationException>(() => Compile(spec)).Errors.Select(e => (e.Field, e.Reason)).ToList();

    [Fact]
    public void Objectives_and_constraints_compile_into_the_plan()
    {
        var spec = Spec();
        spec["strategy"] = "Bayesian";
        var plan = Compile(spec);
        Assert.Equal([ObjectiveDirection.Maximize, ObjectiveDirection.Minimize], plan.Directions);
        Assert.Equal(["acc", "latency_ms"], plan.Objectives.Select(o => o.MetricName));
        Assert.True(plan.IsMultiObjective);
        // Bayesian, the default, is NSGA-II for several objectives, with a model-based start (TPE's first 5 generations),
        // and TPE throughout with three or more objectives.
        Assert.Equal(NsgaIIOptions.SeveralObjectivesDefault, Assert.IsType<NsgaIIStrategy>(plan.Strategy).Options);
        var constraint = Assert.Single(plan.Constraints);
        Assert.Equal(("size_kib", null, 25.0), (constraint.MetricName, constraint.Min, constraint.Max));
        Assert.Equal((-5.0, 0.0, 5.0), (constraint.ValueOf(20), constraint.ValueOf(25), constraint.ValueOf(30)));
        Assert.Throws<InvalidOperationException>(() => plan.Objective);

        spec["strategy"] = "TPE";
        Assert.IsType<TpeStrategy>(Compile(spec).Strategy);
        spec["strategy"] = "NSGA2";
        Assert.Equal(new NsgaIIOptions(), Assert.IsType<NsgaIIStrategy>(Compile(spec).Strategy).Options);
    }

    [Fact]
    public void A_constraint_with_both_bounds_is_satisfied_between_them()
    {
        var spec = Spec();
        spec["constraints"] = JsonNode.Parse("""[{ "metricName": "size_kib", "min": 10, "max": 20 }]""");
        var constraint = Compile(spec).Constraints.Single();
        Assert.Equal((5.0, -5.0, 0.0, 3.0), (constraint.ValueOf(5), constraint.ValueOf(15), constraint.ValueOf(20), constraint.ValueOf(23)));
        Assert.Equal("10 ≤ size_kib ≤ 20", constraint.Description);
    }

    [Theory]
    [InlineData("objective", """{ "metricName": "acc", "type": "Maximize" }""", "objectives", "give objective (one) or objectives (two to four), not both")]
    [InlineData("objectives", """[{ "metricName": "acc" }]""", "objectives", "give 2 to 4 objectives, not 1; a single one is written as objective")]
    [InlineData("objectives", """[{ "metricName": "a" }, { "metricName": "b" }, { "metricName": "c" }, { "metricName": "d" }, { "metricName": "e" }]""", "objectives", "give 2 to 4 objectives, not 5; a single one is written as objective")]
    [InlineData("objectives", """[{ "metricName": "acc" }, { "type": "Minimize" }]""", "objectives[1].metricName", "is required with a trainingJob")]
    [InlineData("objectives", """[{ "metricName": "acc" }, { "metricName": "acc", "type": "Minimize" }]""", "objectives[1].metricName", "'acc' is already objectives[0]")]
    [InlineData("objectives", """[{ "metricName": "acc" }, { "metricName": "loss", "aggregate": "median" }]""", "objectives[1].aggregate", "'median' is not one of last, best, mean-last-k")]
    [InlineData("objectives", """[{ "metricName": "acc" }, { "function": "branin" }]""", "objectives[1].function", "give a function or a trainingJob, not both")]
    [InlineData("objectives", """[{ "metricName": "acc" }, null]""", "objectives[1]", "must be an object with metricName and type")]
    [InlineData("constraints", """[{ "metricName": "size_kib" }]""", "constraints[0]", "give min, max or both")]
    [InlineData("constraints", """[{ "max": 3 }]""", "constraints[0].metricName", "is required")]
    [InlineData("constraints", """[{ "metricName": "size_kib", "min": 5, "max": 1 }]""", "constraints[0].max", "must be at least min (5), not 1")]
    [InlineData("strategy", "\"GP\"", "strategy", "GP searches one objective; with 2 use Bayesian (= NSGA2, the default), NSGA2, TPE, Random, Grid or Hyperband")]
    [InlineData("earlyStoppingObjective", "\"acc\"", "earlyStoppingObjective", "applies only with early stopping (earlyStopping Auto or strategy Hyperband)")]
    [InlineData("earlyStopping", "\"Auto\"", "earlyStoppingObjective", "early stopping compares one objective's per-epoch values and the spec has 2: name one of acc, latency_ms")]
    [InlineData("completionCriteria", """{ "bestNotImprovingTrials": 5 }""", "completionCriteria", "judges one objective's value; with several objectives the run ends by its limits")]
    public void A_bad_field_is_refused_by_name(string field, string json, string refusedField, string reason)
    {
        var spec = Spec();
        spec[field] = JsonNode.Parse(json);
        Assert.Contains((refusedField, reason), Refusals(spec));
    }

    [Fact]
    public void Early_stopping_with_several_objectives_names_one_of_them()
    {
        var spec = Spec();
        spec["strategy"] = "Random";
        spec["earlyStopping"] = "Auto";
        spec["earlyStoppingObjective"] = "latency_ms";
        var plan = Compile(spec);
        Assert.Equal((1, "latency_ms"), (plan.EarlyStoppingObjective, plan.PruningObjective.MetricName));
        Assert.IsType<MedianStoppingRule>(plan.Pruner);

        spec["earlyStoppingObjective"] = "size_kib";
        Assert.Contains(("earlyStoppingObjective", "'size_kib' is not an objective's metricName; use one of acc, latency_ms"), Refusals(spec));
    }

    [Fact]
    public void Constraints_and_objectives_without_a_training_job_are_refused_and_every_bad_field_is_listed()
    {
        var spec = Spec();
        spec.Remove("trainingJob");
        spec["constraints"] = JsonNode.Parse("""[{ "metricName": "size_kib", "max": 1 }, { "metricName": "x" }]""");
        var refusals = Refusals(spec);
        Assert.Contains(("trainingJob", "several objectives are metrics of a training job: give a trainingJob"), refusals);
        Assert.Contains(("constraints", "bound metrics of a training job: give a trainingJob"), refusals);
    }

    [Fact]
    public void A_built_in_algorithm_s_objectives_and_constraints_must_be_among_its_metric_definitions()
    {
        var spec = Spec();
        var job = spec["trainingJob"]!.AsObject();
        job.Remove("command");
        job["algorithm"] = "gbt";
        job["metricDefinitions"] = JsonNode.Parse("""[{ "name": "val_rmse", "regex": "x" }]""");
        var refusals = Refusals(spec);
        Assert.Contains(("objectives[0].metricName", "'acc' is not among trainingJob.metricDefinitions"), refusals);
        Assert.Contains(("constraints[0].metricName", "'size_kib' is not among trainingJob.metricDefinitions"), refusals);
    }
}

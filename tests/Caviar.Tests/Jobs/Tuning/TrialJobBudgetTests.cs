using System.Text.Json;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Specs;
using Caviar.Jobs.Tuning;
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Tests.Support;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.Jobs;

/// <summary>What a trial's job is given beyond its values: Hyperband's resource budget and a thread budget.</summary>
public class TrialJobBudgetTests
{
    private const string EchoJob = """
        echo "threads=$OMP_NUM_THREADS"
        echo "epoch=1 loss=0.5"
        """;

    private static TuningSpec Spec(HyperbandSpec? hyperband, Dictionary<string, JsonElement>? statics = null,
        Dictionary<string, string>? environment = null) => new()
    {
        Name = "budget",
        Objective = new ObjectiveSpec { MetricName = "loss" },
        TrainingJob = ShellJobs.Script(EchoJob, ShellJobs.Loss) with
        {
            Name = null, HyperParameters = statics ?? [], Environment = environment ?? [],
        },
        Strategy = hyperband is null ? "Random" : "Hyperband",
        Hyperband = hyperband,
        HyperParameterRanges = [new ContinuousRange("x", 0, 1)],
        Limits = new LimitsSpec { MaxTrials = 1, MaxParallel = 2 },
    };

    private static async Task<JobDirectory> RunOneTrial(TempDirectory dir, TuningSpec spec)
    {
        var plan = TuningSpecLoader.Compile(spec, dir.Path);
        var orchestrator = new TuningOrchestrator(new InMemoryStudyStore(), new InProcessLauncher(TimeProvider.System), dir.File("artifacts"));
        var study = orchestrator.OpenStudy(plan, resume: false);
        await orchestrator.RunAsync(study, plan);
        Assert.Equal(TrialState.Completed, Assert.Single(study.Trials).State);
        return JobDirectory.For(dir.File("artifacts"), TrialJobNames.For(spec.Name, 0));
    }

    private static JsonElement HyperParameters(JobDirectory job) =>
        JsonDocument.Parse(File.ReadAllText(job.HyperParametersFile)).RootElement;

    [Fact]
    public async Task Hyperband_gives_each_trial_its_resource_budget_as_epochs()
    {
        using var dir = new TempDirectory();
        var job = await RunOneTrial(dir, Spec(new HyperbandSpec { MinResource = 1, MaxResource = 27 }));
        Assert.Equal(27, HyperParameters(job).GetProperty("epochs").GetInt64());
    }

    [Fact]
    public async Task The_budget_goes_to_the_named_hyperparameter_and_never_overrides_a_static_value()
    {
        using var dir = new TempDirectory();
        var named = await RunOneTrial(dir, Spec(new HyperbandSpec { MaxResource = 9, ResourceHyperParameter = "num_iterations" }));
        Assert.Equal(9, HyperParameters(named).GetProperty("num_iterations").GetInt64());
        Assert.False(HyperParameters(named).TryGetProperty("epochs", out _));

        using var other = new TempDirectory();
        var fixedEpochs = await RunOneTrial(other, Spec(new HyperbandSpec { MaxResource = 9 },
            new() { ["epochs"] = JsonDocument.Parse("4").RootElement }));
        Assert.Equal(4, HyperParameters(fixedEpochs).GetProperty("epochs").GetInt64());
    }

    [Fact]
    public async Task Without_Hyperband_no_budget_is_added()
    {
        using var dir = new TempDirectory();
        Assert.False(HyperParameters(await RunOneTrial(dir, Spec(null))).TryGetProperty("epochs", out _));
    }

    [Fact]
    public void An_empty_resource_name_is_refused()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<CaviarValidationException>(() =>
            TuningSpecLoader.Compile(Spec(new HyperbandSpec { MaxResource = 9, ResourceHyperParameter = "" }), dir.Path));
        Assert.Equal("hyperband.resourceHyperParameter", error.Field);
    }

    [Fact]
    public async Task Scripts_get_OMP_NUM_THREADS_as_the_cores_shared_by_the_trials_running_at_once()
    {
        using var dir = new TempDirectory();
        var job = await RunOneTrial(dir, Spec(null));
        Assert.Contains($"threads={Math.Max(1, Environment.ProcessorCount / 2)}\n", File.ReadAllText(job.LogFile(0)));

        using var other = new TempDirectory();
        var own = await RunOneTrial(other, Spec(null, environment: new() { ["OMP_NUM_THREADS"] = "7" }));
        Assert.Contains("threads=7\n", File.ReadAllText(own.LogFile(0)));
    }

    [Fact]
    public void Built_ins_that_declare_threads_get_the_cores_divided_by_the_trials_at_once_unless_the_job_sets_them()
    {
        int expected = Math.Max(1, Environment.ProcessorCount / 2);
        var gbt = new TrainingJobSpec { Algorithm = "gbt" };
        Assert.Equal(expected, ThreadBudget.AddTo(gbt, maxParallel: 2).HyperParameters["threads"].GetInt32());
        Assert.Equal(1, ThreadBudget.AddTo(gbt, maxParallel: 4096).HyperParameters["threads"].GetInt32());
        Assert.Empty(ThreadBudget.AddTo(gbt, 2).Environment);

        var own = gbt with { HyperParameters = new() { ["threads"] = JsonSerializer.SerializeToElement(7) } };
        Assert.Equal(7, ThreadBudget.AddTo(own, 2).HyperParameters["threads"].GetInt32());
        var mlp = new TrainingJobSpec { Algorithm = "mlp" };
        Assert.Equal(expected, ThreadBudget.AddTo(mlp, 2).HyperParameters["threads"].GetInt32());
        var linear = new TrainingJobSpec { Algorithm = "linear" };   // declares no threads: nothing to set
        Assert.Empty(ThreadBudget.AddTo(linear, 2).HyperParameters);
    }
}

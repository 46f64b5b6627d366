using System.Text.Json;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Jobs.Tuning;
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Tests.Support;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Tests.Jobs;

public class TuningOrchestratorTests
{
    /// <summary>Reads x from its hyperparameters and logs loss=(x-0.3)² per epoch, decreasing towards it.</summary>
    private const string QuadraticJob = """
        x=$(sed -n 's/.*"x": *\([-0-9.eE+]*\).*/\1/p' "$CAVIAR_HYPERPARAMETERS")
        for e in 1 2 3 4; do
          echo "epoch=$e loss=$(awk -v x="$x" -v e="$e" 'BEGIN { printf "%.6f", (x-0.3)^2 + 1/e }')"
          sleep ${SLEEP:-0}
        done
        """;

    private static TuningSpec Spec(string name = "quad", string strategy = "Random", int maxTrials = 6,
        EarlyStoppingType earlyStopping = EarlyStoppingType.Off, WarmStartSpec? warmStart = null, double sleep = 0) => new()
    {
        Name = name,
        Objective = new ObjectiveSpec { Type = ObjectiveDirection.Minimize, MetricName = "loss" },
        TrainingJob = ShellJobs.Script(QuadraticJob, ShellJobs.Loss) with
        {
            Name = null, Environment = new() { ["SLEEP"] = sleep.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
        Strategy = strategy,
        Seed = 3,
        HyperParameterRanges = [new ContinuousRange("x", 0, 1)],
        Limits = new LimitsSpec { MaxTrials = maxTrials, MaxParallel = 2 },
        EarlyStopping = earlyStopping,
        WarmStart = warmStart,
    };

    private static (TuningOrchestrator Orchestrator, Study Study) Open(IStudyStore store, TempDirectory dir, TuningSpec spec,
        bool resume = false)
    {
        var plan = TuningSpecLoader.Compile(spec, dir.Path);
        var orchestrator = new TuningOrchestrator(store, new InProcessLauncher(TimeProvider.System), dir.File("artifacts"));
        return (orchestrator, orchestrator.OpenStudy(plan, resume));
    }

    private static Task<TuningOutcome> Run(TuningOrchestrator orchestrator, Study study, TuningSpec spec, TempDirectory dir,
        CancellationToken cancellation = default) =>
        orchestrator.RunAsync(study, TuningSpecLoader.Compile(spec, dir.Path), cancellation: cancellation);

    [Fact]
    public async Task Each_trial_runs_a_job_with_its_values_and_the_metric_is_the_objective()
    {
        using var dir = new TempDirectory();
        var spec = Spec();
        var (orchestrator, study) = Open(new InMemoryStudyStore(), dir, spec);
        var outcome = await Run(orchestrator, study, spec, dir);

        Assert.Equal(6, outcome.TrialsRun);
        foreach (var trial in study.Trials)
        {
            Assert.Equal(TrialState.Completed, trial.State);
            double x = (double)trial.ExternalParams["x"];
            Assert.Equal((x - 0.3) * (x - 0.3) + 0.25, trial.Value!.Value, 5);
            Assert.Equal([1L, 2L, 3L, 4L], trial.IntermediateValues.Keys);
            var job = JobDirectory.For(dir.File("artifacts"), TrialJobNames.For("quad", trial.Number));
            Assert.Equal(JobState.Completed, JobStatus.Read(job.StatusFile)!.State);
        }
    }

    [Fact]
    public async Task A_job_that_fails_fails_its_trial_with_the_jobs_reason()
    {
        using var dir = new TempDirectory();
        var spec = Spec(maxTrials: 2) with
        {
            TrainingJob = ShellJobs.Script("echo 'out of memory' > \"$CAVIAR_OUTPUT_DIR/failure\"; exit 1", ShellJobs.Loss),
        };
        var (orchestrator, study) = Open(new InMemoryStudyStore(), dir, spec);
        await Run(orchestrator, study, spec, dir);
        Assert.All(study.Trials, t =>
        {
            Assert.Equal(TrialState.Failed, t.State);
            Assert.Contains("out of memory", t.FailureReason);
        });
    }

    [Fact]
    public async Task Median_rule_stops_poor_trials_early()
    {
        using var dir = new TempDirectory();
        var spec = Spec(maxTrials: 14, earlyStopping: EarlyStoppingType.Auto) with
        {
            Limits = new LimitsSpec { MaxTrials = 14, MaxParallel = 1 },
        };
        var (orchestrator, study) = Open(new InMemoryStudyStore(), dir, spec);
        await Run(orchestrator, study, spec, dir);
        var pruned = study.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t => Assert.True(t.IntermediateValues.Count < 4, "a pruned trial should not run all epochs"));
        double bestX = (double)study.BestTrial!.ExternalParams["x"];
        Assert.All(pruned, t => Assert.True(Math.Abs((double)t.ExternalParams["x"] - 0.3) > Math.Abs(bestX - 0.3)));
    }

    [Fact]
    public async Task A_stop_request_stops_running_trials_and_launches_no_more()
    {
        using var dir = new TempDirectory();
        var spec = Spec(maxTrials: 20, sleep: 0.5);
        var (orchestrator, study) = Open(new InMemoryStudyStore(), dir, spec);
        var running = Run(orchestrator, study, spec, dir);
        await Eventually.True(() => study.Trials.Any(t => t.IntermediateValues.Count > 0));
        new TuningControl(dir.File("artifacts"), "quad").RequestStop();
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(StopReason.Cancelled, outcome.StopReason);
        Assert.True(study.Trials.Count < 20);
        Assert.Contains(study.Trials, t => t.State == TrialState.Stopped);
        Assert.DoesNotContain(study.Trials, t => t.State == TrialState.Running);
    }

    [Fact]
    public async Task A_resumed_run_finishes_a_trial_left_running_without_running_its_job_again()
    {
        using var dir = new TempDirectory();
        var store = new InMemoryStudyStore();
        var spec = Spec(maxTrials: 3);
        var (orchestrator, study) = Open(store, dir, spec);
        // A previous run asked for trial 0 and its job finished, but the run died before telling the study.
        var orphan = study.Ask(TuningSpecLoader.Compile(spec, dir.Path).Space);
        var request = JobRequest.ForTrial(TrialJobNames.For("quad", 0), spec.TrainingJob!, orphan.Params, dir.Path, dir.File("artifacts"));
        var finished = await new InProcessLauncher(TimeProvider.System).RunAsync(request, _ => { }, CancellationToken.None);
        var log = request.Directory.LogFile(0);
        var logBefore = File.ReadAllText(log);

        var (resumedOrchestrator, resumed) = Open(store, dir, spec, resume: true);
        var outcome = await Run(resumedOrchestrator, resumed, spec, dir);

        Assert.Equal(2, outcome.TrialsRun);
        Assert.Equal(finished.FinalMetrics["loss"], resumed.Trials[0].Value);
        Assert.Equal(logBefore, File.ReadAllText(log));
        Assert.Equal(1, JobStatus.Read(request.Directory.StatusFile)!.Attempts);
        Assert.All(resumed.Trials, t => Assert.Equal(TrialState.Completed, t.State));
    }

    [Fact]
    public async Task Warm_start_learns_from_the_parents_completed_trials()
    {
        using var dir = new TempDirectory();
        var store = new InMemoryStudyStore();
        var parentSpec = Spec("parent", maxTrials: 4);
        var (parentRun, parent) = Open(store, dir, parentSpec);
        await Run(parentRun, parent, parentSpec, dir);

        var childSpec = Spec("child", maxTrials: 2) with
        {
            HyperParameterRanges = [new ContinuousRange("x", 0, 0.6)],
            WarmStart = new WarmStartSpec { ParentTuningJobs = ["parent"], Type = WarmStartType.IdenticalDataAndAlgorithm },
        };
        var (_, child) = Open(store, dir, childSpec);
        var fitting = parent.Trials.Where(t => (double)t.ExternalParams["x"] <= 0.6).ToList();
        Assert.Equal(fitting.Count, child.Options.PriorTrials.Count);
        Assert.All(child.Options.PriorTrials, p => Assert.True(p.Number < 0));
        Assert.Equal(fitting.Select(t => t.Value), child.Options.PriorTrials.Select(p => p.Value));
        Assert.Empty(child.Trials);
    }

    [Fact]
    public async Task Warm_start_refuses_a_parent_with_another_command_unless_transfer_learning()
    {
        using var dir = new TempDirectory();
        var store = new InMemoryStudyStore();
        var parentSpec = Spec("parent", maxTrials: 1);
        var (parentRun, parent) = Open(store, dir, parentSpec);
        await Run(parentRun, parent, parentSpec, dir);

        var changedJob = ShellJobs.Script("echo other; " + QuadraticJob, ShellJobs.Loss) with { Name = null };
        var identical = Spec("child") with
        {
            TrainingJob = changedJob,
            WarmStart = new WarmStartSpec { ParentTuningJobs = ["parent"], Type = WarmStartType.IdenticalDataAndAlgorithm },
        };
        var error = Assert.Throws<CaviarValidationException>(() => Open(store, dir, identical));
        Assert.Equal("warmStart.parentTuningJobs[0]", error.Field);
        Assert.Contains("TransferLearning", error.Reason);
        Assert.Null(store.FindStudy("child"));

        var transfer = identical with { WarmStart = identical.WarmStart! with { Type = WarmStartType.TransferLearning } };
        var (_, child) = Open(store, dir, transfer);
        Assert.Single(child.Options.PriorTrials);
    }

    [Fact]
    public void Warm_start_refuses_a_missing_parent_and_a_different_objective()
    {
        using var dir = new TempDirectory();
        var store = new InMemoryStudyStore();
        var missing = Spec("child") with { WarmStart = new WarmStartSpec { ParentTuningJobs = ["ghost"] } };
        Assert.Contains("no tuning job named 'ghost'", Assert.Throws<CaviarValidationException>(() => Open(store, dir, missing)).Reason);

        Open(store, dir, Spec("max") with { Objective = new ObjectiveSpec { Type = ObjectiveDirection.Maximize, MetricName = "loss" } });
        var otherDirection = Spec("child2") with { WarmStart = new WarmStartSpec { ParentTuningJobs = ["max"] } };
        Assert.Contains("different objective", Assert.Throws<CaviarValidationException>(() => Open(store, dir, otherDirection)).Reason);
    }

    [Fact]
    public void Hyperband_strategy_needs_its_resources_and_early_stopping_off()
    {
        using var dir = new TempDirectory();
        Assert.Equal("hyperband", Assert.Throws<CaviarValidationException>(() =>
            TuningSpecLoader.Compile(Spec(strategy: "Hyperband"), dir.Path)).Field);
        var both = Spec(strategy: "Hyperband", earlyStopping: EarlyStoppingType.Auto) with
        {
            Hyperband = new HyperbandSpec { MaxResource = 4 },
        };
        Assert.Equal("earlyStopping", Assert.Throws<CaviarValidationException>(() => TuningSpecLoader.Compile(both, dir.Path)).Field);
        Assert.IsType<Caviar.Pruning.Hyperband>(TuningSpecLoader.Compile(both with { EarlyStopping = EarlyStoppingType.Off }, dir.Path).Pruner);
    }

    [Fact]
    public void A_resumed_hyperband_study_keeps_its_bracket_count()
    {
        using var dir = new TempDirectory();
        var store = new InMemoryStudyStore();
        var byDefault = Spec(strategy: "Hyperband") with { Hyperband = new HyperbandSpec { MaxResource = 4, ReductionFactor = 2 } };
        Open(store, dir, byDefault);

        var asha = byDefault with { Hyperband = byDefault.Hyperband! with { Brackets = 1 } };
        var refused = Assert.Throws<CaviarValidationException>(() => Open(store, dir, asha, resume: true));
        Assert.Equal("hyperband", refused.Field);
        // The default is every bracket the resources give (3 here): naming that count is the same study.
        Open(store, dir, byDefault with { Hyperband = byDefault.Hyperband! with { Brackets = 3 } }, resume: true);
    }
}

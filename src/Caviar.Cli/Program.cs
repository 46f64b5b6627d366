using Caviar.Cli.Commands;
using Caviar.Cli.Conventions;
using Spectre.Console.Cli;

// A job's runner and nothing else: its thread pool's idle workers sleep at once instead of spinning beside the job's
// processes (RunnerThreadPool); set before anything uses the pool, which reads it once.
if (Caviar.Jobs.Running.RunnerThreadPool.IsRunnerCommand(args))
    Caviar.Jobs.Running.RunnerThreadPool.StopSpinning();

// The runner of every trial's job: started once per trial, so it skips building the command-line app.
if (args is [Caviar.Jobs.Launching.DetachedRunnerLauncher.RunnerVerb, var jobDirectory] && !jobDirectory.StartsWith('-'))
    return JobRunCommand.Run(jobDirectory, CancellationToken.None);
if (args is [Caviar.Jobs.Launching.DetachedRunnerLauncher.RunnerVerb, Caviar.Jobs.Launching.StandbyRunner.Flag, var jobsDirectory])
    return JobRunCommand.RunWhenHandedOver(jobsDirectory);

args = ConventionalArguments.Rewrite(args);
var app = new CommandApp();
app.Configure(config =>
{
    CliSetup.Apply(config, args);
    config.AddCommand<TuneCommand>("tune").WithDescription("Run (or resume) a tuning job from a JSON spec.")
        .WithExample("tune", "examples/branin.json").WithExample("tune", "examples/jobs/python-tuning.json", "--parallel", "2");
    config.AddCommand<TrainCommand>("train").WithDescription("Run (or resume) one training job from a JSON spec.");
    config.AddCommand<WorkerCommand>("worker").WithDescription("Run trials of a tuning job shared through a store (many machines).")
        .WithExample("worker", "spec.json", "--store", "postgres://caviar@db-host/studies");
    config.AddCommand<OptimizeCommand>("optimize").WithDescription("Export a trained network to ONNX as fp32, int8, fp16 and pruned; report size, accuracy, latency, throughput.");
    config.AddCommand<ServeCommand>("serve").WithDescription("Serve the HTTP API (loopback, bearer token).");
    config.AddCommand<DeployCommand>("deploy").WithDescription("Serve ONNX models as an inference endpoint (SageMaker and KServe V2 protocols), or --update one.")
        .WithExample("deploy", "fashion", "--model", "model-int8.onnx", "--variant", "b=model-fp32.onnx:0.1");
    config.AddBranch("image", image =>
    {
        image.SetDescription("Build container images for jobs and endpoints (Podman).");
        image.AddCommand<ImageBuildCommand>("build").WithDescription("Build an image from a folder's Containerfile with Caviar's container settings.")
            .WithExample("image", "build", "examples/containers/algo", "--tag", "local/my-algo:1");
    });
    config.AddCommand<EndpointsCommand>("endpoints").WithDescription("List the running endpoints.");
    config.AddCommand<UndeployCommand>("undeploy").WithDescription("Stop a running endpoint.");
    config.AddCommand<TransformCommand>("transform").WithDescription("Batch transform: score CSV, JSON lines or Parquet files offline, one NAME.out per input.");
    config.AddCommand<StopCommand>("stop").WithDescription("Ask a running tuning or training job to stop.");
    config.AddCommand<LogsCommand>("logs").WithDescription("Print a training job's log.");
    config.AddCommand<AlgorithmsCommand>("algorithms").WithDescription("List the built-in algorithms, or one's hyperparameters (type, range, default, tunable).")
        .WithExample("algorithms", "gbt").WithExample("algorithms", "mlp", "--json");
    config.AddCommand<JobsCommand>("jobs").WithDescription("List the training jobs in the artifacts folder.");
    config.AddCommand<ListCommand>("list").WithDescription("List the studies in the store.");
    config.AddCommand<DescribeCommand>("describe").WithDescription("Show a study and its trials.");
    config.AddCommand<BestCommand>("best").WithDescription("Show the best trial of a study.");
    config.AddCommand<ExportCommand>("export").WithDescription("Write a study's trials as CSV (or JSON, or a table).");
    config.AddCommand<PbtReplayCommand>("pbt-replay").WithDescription("Train the best member of a PBT study again with its whole hyperparameter schedule.");
    config.AddCommand<PlotCommand>("plot").WithDescription("Draw a study's history, curves, parallel coordinates or importance (PNG/SVG).");
    config.AddCommand<CompletionCommand>("completion").WithDescription("Print a tab-completion script for bash or zsh.")
        .WithExample("completion", "bash");
    config.AddCommand<JobRunCommand>(Caviar.Jobs.Launching.DetachedRunnerLauncher.RunnerVerb).IsHidden();
    config.AddCommand<BuiltInCommand>(Caviar.Jobs.Specs.BuiltInAlgorithms.HostVerb).IsHidden();
});
return app.Run(args);

using System.ComponentModel;
using Caviar.Cli.Conventions;
using Caviar.Cli.Output;
using Caviar.Cli.Rendering;
using Caviar.Jobs.Tuning;
using Caviar.Jobs.Workers;
using Caviar.Studies;
using Caviar.Trials;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar tune SPEC</c>: runs a tuning job with a live progress bar, then prints the best trials. Ctrl-C stops
/// asking for trials, stops the running ones (or, with --detach, leaves their jobs running), says how to resume
/// and exits 130. A run whose trials all failed exits 1.
/// </summary>
internal sealed class TuneCommand : Command<TuneCommand.Settings>
{
    public sealed class Settings : LaunchSettings
    {
        [CommandArgument(0, "<SPEC>")]
        [Description("Path of the tuning job's JSON spec.")]
        public string SpecPath { get; init; } = "";

        [CommandOption("--resume")]
        [Description("Continue the study if it exists: finish the trials a previous run left running, then go on.")]
        public bool Resume { get; init; }

        [CommandOption("--join")]
        [Description("Run trials of the study as a worker beside the tuner that owns it (or beside other workers), instead of owning it.")]
        public bool Join { get; init; }

        [CommandOption("--name <NAME>")]
        [Description("The study's name; overrides the spec's name.")]
        public string? Name { get; init; }

        [CommandOption("--max-trials <N>")]
        [Description("Most trials in the study; overrides limits.maxTrials.")]
        public int? MaxTrials { get; init; }

        [CommandOption("--max-parallel <N>")]
        [Description("Trials running at once; overrides limits.maxParallel.")]
        public int? MaxParallel { get; init; }

        [CommandOption("--parallel <N>")]
        [Description("Same as --max-parallel.")]
        public int? Parallel { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed of every random choice; overrides the spec's seed.")]
        public int? Seed { get; init; }

        [CommandOption("--strategy <NAME>")]
        [Description("Bayesian, TPE, GP, CmaEs, QuasiRandom, Auto, Random, Grid, NSGA2, Hyperband or PBT; overrides the spec's strategy.")]
        public string? Strategy { get; init; }

        [CommandOption("--detach")]
        [Description("On Ctrl-C, leave the running trials' jobs running (tune --resume picks them up) instead of stopping them.")]
        public bool Detach { get; init; }

        [CommandOption("--slots <N>")]
        [Description("Local launcher: processes of all running trials together at most (default: the number of cores).")]
        public int? Slots { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            string baseDirectory = TuningSpecLoader.BaseDirectoryOf(settings.SpecPath);
            var given = TuneOverrides.Compile(TuningSpecLoader.Read(settings.SpecPath), settings, baseDirectory);
            var plan = given.TrainingJob is { } trainingJob && settings.Launcher == "local"
                ? given.WithMaxParallel(LocalTrials.Fit(trainingJob.Spec, baseDirectory, given.Limits.MaxParallel, settings))
                : given;

            if (settings.Join) return WorkerCommand.RunWorker(given, settings, new WorkerOptions(), cancellation);
            using var store = settings.OpenStore();
            var orchestrator = new TuningOrchestrator(store, settings.CreateLauncher(), settings.ResolveArtifacts());
            var study = orchestrator.OpenStudy(plan, settings.Resume);
            using var ownership = StudyOwnership.Acquire(study);
            int total = (int)Math.Min(plan.TrialTotal ?? long.MaxValue, int.MaxValue);
            var finishedBefore = study.Trials.Count(t => t.State != TrialState.Running);
            string resumeCommand = ResumeCommand(settings, plan.Name);

            AnsiConsole.MarkupLine($"Tuning [bold]{Markup.Escape(plan.Name)}[/] ({Markup.Escape(plan.StrategyName)}, " +
                                   $"{Markup.Escape(string.Join(", ", plan.Objectives.Select(o => $"{o.Direction} {o.Description}")))}) in {Markup.Escape(settings.ResolveStorePath())}");
            var progress = new TuningProgress(study, total, finishedBefore);
            IReadOnlyList<TrialRecord> running = [];
            using var interruption = new Interruption(cancellation, () =>
            {
                running = study.Trials.Where(t => t.State == TrialState.Running).ToList();
                if (settings.Detach) LeaveRunning(running, plan, resumeCommand);
                progress.Note($"interrupted: stopping {running.Count} running trial(s); Ctrl-C again to quit at once");
            });
            TuningOutcome outcome;
            try
            {
                outcome = progress.Run(onFinished => orchestrator.RunAsync(study, plan, onFinished, interruption.Token, ownership)
                    .GetAwaiter().GetResult());
            }
            catch (TuningHaltedException halted)
            {
                CliConsole.WriteError(null, halted.Message);
                return CliErrors.Failed;
            }

            if (study.IsMultiObjective)
                TrialTables.Of(study.BestTrials, ObjectiveNames.Of(study.Record)).Write(OutputFormat.Table, Console.Out,
                    $"Pareto front of {study.Trials.Count} trials ({string.Join(", ", ObjectiveNames.Of(study.Record))}); see caviar best {plan.Name}");
            else
                TrialTables.Top(study.Trials, study.Direction, 10).Write(OutputFormat.Table, Console.Out,
                    $"Top of {study.Trials.Count} trials");
            AnsiConsole.MarkupLine($"Stopped: [bold]{Markup.Escape(StopReasonText.Of(outcome.StopReason))}[/] after {outcome.TrialsRun} new trial(s).");
            AnsiConsole.MarkupLine($"Trials this run: {progress.Counts}.");
            if (outcome.BestTrial is { } best)
            {
                AnsiConsole.MarkupLine($"Best: trial {best.Number}, value [green]{NumberText.Human(best.Value!.Value)}[/], " +
                                       Markup.Escape(TrialTables.FormatParams(best)));
                if (TrialJobSummary.Of(study.Record, best.Number, settings.ResolveArtifacts()) is { } job)
                    Console.Out.WriteLine($"Model of trial {best.Number}: {job.ModelPath} (training job {job.JobName})");
            }
            if (interruption.Interrupted)
            {
                CliConsole.Messages.WriteLine($"Interrupted; {running.Count} trial(s) were running and are now stopped and recorded:");
                foreach (var trial in running) CliConsole.Messages.WriteLine("  " + Describe(trial, plan));
                CliConsole.Messages.WriteLine($"Resume with: {resumeCommand}");
                return CliErrors.Interrupted;
            }
            if (progress.Counts.Total > 0 && progress.Counts.Failed == progress.Counts.Total)
            {
                // The first failure's reason, so the most common cause (the same for all) needs no second command.
                var first = study.Trials.Where(t => t.State == TrialState.Failed).MinBy(t => t.Number);
                CliConsole.WriteError(null, $"all {progress.Counts.Total} trials failed; " +
                                            (first?.FailureReason is { } reason ? $"trial {first.Number}: {reason}; " : "") +
                                            $"see caviar describe {plan.Name}");
                return CliErrors.Failed;
            }
            return 0;
        });

    /// <summary>--detach: say what keeps running and how to pick it up, then leave at once (exit 130).</summary>
    private static void LeaveRunning(IReadOnlyList<TrialRecord> running, TuningPlan plan, string resumeCommand)
    {
        Interruption.RestoreCursor();
        Console.Error.WriteLine();
        Console.Error.WriteLine($"Interrupted; {running.Count} trial(s) left running" +
                                (plan.TrainingJob is null ? " (function trials cannot outlive this process)" : "") + ":");
        foreach (var trial in running) Console.Error.WriteLine("  " + Describe(trial, plan));
        Console.Error.WriteLine($"Resume with: {resumeCommand}");
        Console.Error.Flush();
        Environment.Exit(CliErrors.Interrupted);
    }

    private static string Describe(TrialRecord trial, TuningPlan plan) =>
        $"trial {trial.Number}" + (plan.TrainingJob is null ? "" : $": job {TrialJobNames.For(plan.Name, trial.Number)}");

    private static string ResumeCommand(Settings settings, string name)
    {
        var words = new List<string> { "caviar", "tune", settings.SpecPath, "--resume" };
        if (settings.Name is not null) words.AddRange(["--name", name]);
        if (settings.Store is not null) words.AddRange(["--store", settings.Store]);
        if (settings.Artifacts is not null) words.AddRange(["--artifacts", settings.Artifacts]);
        if (settings.Launcher != "local") words.AddRange(["--launcher", settings.Launcher]);
        return string.Join(' ', words.Select(w => w.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? $"'{w}'" : w));
    }
}

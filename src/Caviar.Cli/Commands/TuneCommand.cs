using System.ComponentModel;
using Caviar.Cli.Rendering;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Tuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar tune SPEC</c>: runs a tuning job with a live progress bar, then prints the best trials.</summary>
public sealed class TuneCommand : Command<TuneCommand.Settings>
{
    public sealed class Settings : LaunchSettings
    {
        [CommandArgument(0, "<SPEC>")]
        [Description("Path of the tuning job's JSON spec.")]
        public string SpecPath { get; init; } = "";

        [CommandOption("--resume")]
        [Description("Continue the study if it exists: finish the trials a previous run left running, then go on.")]
        public bool Resume { get; init; }

        [CommandOption("--parallel <N>")]
        [Description("Trials running at once; overrides limits.maxParallel.")]
        public int? Parallel { get; init; }

        [CommandOption("--slots <N>")]
        [Description("Local launcher: processes of all running trials together at most (default: the number of cores).")]
        public int? Slots { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var spec = TuningSpecLoader.Load(settings.SpecPath);
            var limits = spec.Limits.ToLimits() with { MaxParallel = settings.Parallel ?? spec.Limits.MaxParallel };
            limits.Validate();
            string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(settings.SpecPath))!;
            if (spec.TrainingJob is { } trainingJob && settings.Launcher == "local")
                limits = limits with { MaxParallel = LocalTrials.Fit(trainingJob, baseDirectory, limits.MaxParallel, settings) };

            using var store = settings.OpenStore();
            var orchestrator = new TuningOrchestrator(store,
                settings.CreateLauncher(), settings.ResolveArtifacts());
            var study = orchestrator.OpenStudy(spec, settings.Resume);
            long? inherent = study.Options.Strategy.InherentTrialLimit(TuningSpecLoader.SpaceOf(spec));
            int total = (int)Math.Min(Math.Min(limits.MaxTrials ?? long.MaxValue, inherent ?? long.MaxValue), int.MaxValue);
            var finishedBefore = study.Trials.Count(t => t.State != Caviar.Trials.TrialState.Running);

            string objective = spec.TrainingJob is null ? spec.Objective!.Function! : $"metric {spec.Objective!.MetricName}";
            AnsiConsole.MarkupLine($"Tuning [bold]{Markup.Escape(spec.Name)}[/] ({Markup.Escape(spec.Strategy)}, " +
                                   $"{spec.Objective.Type} {Markup.Escape(objective)}) in {Markup.Escape(settings.ResolveStorePath())}");
            var outcome = TuningProgress.Run(study, total, finishedBefore, onFinished =>
                orchestrator.RunAsync(study, spec, baseDirectory, limits, onFinished, cancellation).GetAwaiter().GetResult());

            AnsiConsole.Write(TrialTables.Top(study.Trials, study.Direction, 10));
            AnsiConsole.MarkupLine($"Stopped: [bold]{outcome.StopReason}[/] after {outcome.TrialsRun} new trial(s).");
            if (outcome.BestTrial is { } best)
                AnsiConsole.MarkupLine($"Best: trial {best.Number}, value [green]{best.Value:G6}[/], " +
                                       Markup.Escape(TrialTables.FormatParams(best)));
            return 0;
        });
}

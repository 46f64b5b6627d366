using System.ComponentModel;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Pbt;
using Caviar.Jobs.Tuning;
using Caviar.Jobs.Workers;
using Caviar.Storage;
using Caviar.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar worker SPEC --store postgres://…</c>: joins (or creates) the tuning job in a shared store and runs its
/// trials until all are finished. Start as many as you like, on any machines that reach the store.
/// </summary>
internal sealed class WorkerCommand : Command<WorkerCommand.Settings>
{
    public sealed class Settings : LaunchSettings
    {
        [CommandArgument(0, "<SPEC>")]
        [Description("The tuning job's JSON spec (the same file on every machine).")]
        public string SpecPath { get; init; } = "";

        [CommandOption("--worker-id <ID>")]
        [Description("Name of this worker in the store (default: host name and process id).")]
        public string? WorkerId { get; init; }

        [CommandOption("--heartbeat <SECONDS>")]
        [Description("Heartbeat interval of a running trial (default 2).")]
        public double? Heartbeat { get; init; }

        [CommandOption("--stale-after <SECONDS>")]
        [Description("A trial whose heartbeat is older than this is requeued (default 30).")]
        public double? StaleAfter { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var plan = TuningSpecLoader.Load(settings.SpecPath, settings.Kind());
            var defaults = new WorkerOptions();
            var options = defaults with
            {
                WorkerId = settings.WorkerId ?? defaults.WorkerId,
                HeartbeatInterval = settings.Heartbeat is { } beat ? TimeSpan.FromSeconds(beat) : defaults.HeartbeatInterval,
                StaleAfter = settings.StaleAfter is { } stale ? TimeSpan.FromSeconds(stale) : defaults.StaleAfter,
            };
            return RunWorker(plan, settings, options, cancellation);
        });

    /// <summary>Joins (or creates) the study of <paramref name="plan"/> and runs its trials until all are finished.</summary>
    public static int RunWorker(TuningPlan plan, LaunchSettings settings, WorkerOptions options,
        CancellationToken cancellation = default)
    {
        // A population knows its own end (populationSize × rounds member-rounds); other studies need maxTrials.
        if (plan.Pbt is null && plan.Limits.MaxTrials is null)
            throw new CaviarValidationException("limits.maxTrials", "workers need maxTrials to know when the job is done");
        using var store = settings.OpenStore();
        var queue = store as ITrialQueue ?? throw new CaviarValidationException("--store", "this store has no worker queue");
        string artifacts = settings.ResolveArtifacts();
        var orchestrator = new TuningOrchestrator(store, settings.CreateLauncher(), artifacts);
        var study = orchestrator.OpenStudy(plan, TuningOrchestrator.ResumeMode.JoinOrCreate);
        var objective = orchestrator.ObjectiveFor(plan);
        int finished = plan.Pbt is not null
            ? new PbtWorker(study, queue, plan, artifacts, options, objective).RunAsync(cancellation).GetAwaiter().GetResult()
            : new TrialWorker(study, queue, plan.Space, plan.Limits.MaxTrials!.Value, options, objective).RunAsync(cancellation).GetAwaiter().GetResult();
        AnsiConsole.MarkupLine($"Worker {Markup.Escape(options.WorkerId)} finished {finished} trial(s) of {Markup.Escape(plan.Name)}.");
        return 0;
    }
}

using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Specs;
using Caviar.Validation;
using Spectre.Console;
using Caviar.Cli.Output;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar train SPEC</c>: runs one training job here, printing its metrics as they appear. With --resume, a job
/// that was interrupted (its process killed, the machine restarted) continues from its last checkpoint.
/// </summary>
internal sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public sealed class Settings : GpuSettings
    {
        [CommandArgument(0, "<SPEC>")]
        [Description("Path of the training job's JSON spec.")]
        public string SpecPath { get; init; } = "";

        [CommandOption("--resume")]
        [Description("Continue a job of the same name from its checkpoints instead of refusing it.")]
        public bool Resume { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var plan = TrainingJobValidator.Compile(Load(settings.SpecPath), Path.GetDirectoryName(Path.GetFullPath(settings.SpecPath))!,
                hostGpus: settings.HostGpus());
            string name = plan.Name!;
            var job = JobDirectory.For(settings.ResolveArtifacts(), name);
            if (JobStatus.Read(job.StatusFile) is { } existing && !settings.Resume)
                throw new CaviarConflictException("name",
                    $"job '{name}' already exists ({existing.State}); pass --resume to continue it from its checkpoints");

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.Cancel(); });
            AnsiConsole.MarkupLine($"Training [bold]{Markup.Escape(name)}[/] in {Markup.Escape(job.Root)}");
            // Metric lines are written as plain text, not through Spectre's markup: they are printed while the ranks
            // train, and markup parsing and cell widths per character made code hot that .NET then recompiled at
            // tier 1 every few epochs, on a core a rank needed (bench/README.md, issue 12).
            var status = new TrainingJobRunner(TimeProvider.System) { YieldsToRanks = true }.RunAsync(plan, job,
                metric => Console.Out.WriteLine(
                    $"  {metric.Name} step {metric.Step}: {metric.Value.ToString("G10", CultureInfo.InvariantCulture)}"),
                stop.Token).GetAwaiter().GetResult();

            var table = new Tabular(["metric", "final value"], rightAligned: ["final value"]);
            foreach (var (metric, value) in status.FinalMetrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                table.Add(metric, NumberText.RoundTrip(value));
            table.Write(OutputFormat.Table, Console.Out);
            AnsiConsole.MarkupLine($"Job {Markup.Escape(name)}: [bold]{status.State}[/] after {status.Attempts} attempt(s)" +
                                   (status.FailureReason is { } reason ? $": {Markup.Escape(reason)}" : ""));
            if (status.State == JobState.Completed) Console.Out.WriteLine($"Model: {job.ModelDirectory}");
            else Console.Out.WriteLine($"Its log: caviar logs {name}");
            if (status.Efficiency is { } efficiency) AnsiConsole.WriteLine(efficiency.ToString());
            return status.State == JobState.Completed ? 0 : 1;
        });

    private static TrainingJobSpec Load(string path)
    {
        if (!File.Exists(path)) throw new CaviarValidationException("spec", $"file '{path}' does not exist");
        try
        {
            return JsonSerializer.Deserialize<TrainingJobSpec>(File.ReadAllText(path), SpecJson.Options)
                   ?? throw new CaviarValidationException("spec", "the file holds no JSON object");
        }
        catch (JsonException error)
        {
            throw JsonErrors.ToValidation(error);
        }
        catch (NotSupportedException error) when (JsonErrors.ToValidation(error) is { } refusal)
        {
            throw refusal;
        }
    }
}

using System.ComponentModel;
using System.Text.Json;
using Caviar.Cli.Output;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Tuning;
using Caviar.Validation;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar best STUDY</c>: the best trial — number, value, parameters and, when trials ran training jobs, the
/// job's name, model folder and every final metric. A study with several objectives has no single best: it prints
/// the Pareto front (<see cref="ParetoFrontOutput"/>).
/// </summary>
internal sealed class BestCommand : Command<BestCommand.Settings>
{
    public sealed class Settings : FormattedStudySettings
    {
        [CommandOption("--artifacts <DIR>")]
        [Description("Folder of job files, where the best trial's model is (default: $CAVIAR_ARTIFACTS, else ./caviar-artifacts).")]
        public string? Artifacts { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var format = settings.ResolveFormat();
            using var store = settings.OpenExistingStore();
            var study = StudyLookup.Load(store, settings.StudyName);
            if (study.IsMultiObjective)
                return ParetoFrontOutput.Write(study, ArtifactsRoot.Resolve(settings.Artifacts), format, Console.Out);
            var best = study.BestTrial ?? throw new CaviarValidationException("STUDY",
                $"study '{study.Name}' has no completed trial yet");
            var job = TrialJobSummary.Of(study.Record, best.Number, ArtifactsRoot.Resolve(settings.Artifacts));
            string? jobName = job?.JobName, modelPath = job?.ModelPath;
            var metrics = job?.FinalMetrics ?? new Dictionary<string, double>();
            if (format == OutputFormat.Json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    number = best.Number, value = best.Value, @params = best.ExternalParams,
                    trainingJob = jobName, modelPath, finalMetrics = metrics,
                }, CliJson.Options));
                return 0;
            }
            var table = new Tabular(["field", "value"]);
            table.Add("trial", best.Number).Add("value", best.Value);
            foreach (var (name, value) in best.ExternalParams.OrderBy(p => p.Key, StringComparer.Ordinal))
                table.Add($"param {name}", value);
            if (jobName is not null) table.Add("training job", jobName).Add("model", modelPath);
            foreach (var (name, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                table.Add($"metric {name}", value);
            table.Write(format, Console.Out, $"Best of {study.Name}");
            return 0;
        });
}

using System.Text.Json;
using Caviar.Cli.Output;
using Caviar.Cli.Rendering;
using Caviar.Jobs.Tuning;
using Caviar.Trials;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar describe STUDY</c>: the study's summary and every trial (with --format csv: the trials only). A study with
/// several objectives shows each objective's direction and name, its constraints and the Pareto front's trial numbers.
/// </summary>
internal sealed class DescribeCommand : Command<FormattedStudySettings>
{
    public override int Execute(CommandContext context, FormattedStudySettings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var format = settings.ResolveFormat();
            using var store = settings.OpenExistingStore();
            var study = StudyLookup.Load(store, settings.StudyName);
            var trials = study.Trials;
            var counts = Enum.GetValues<TrialState>().ToDictionary(s => s.ToString(), s => trials.Count(t => t.State == s));
            var output = Console.Out;
            var names = ObjectiveNames.Of(study.Record);
            var constraints = ObjectiveNames.ConstraintsOf(study.Record);
            string directions = string.Join(", ", names.Select((name, i) => $"{study.Directions[i]} {name}"));
            var lineage = store is Caviar.Pbt.IPbtLineageStore kept ? kept.GetPbtLineage(study.Record.Id) : [];
            switch (format)
            {
                case OutputFormat.Json:
                    bool jobs = TrialJobSummary.SpecOf(study.Record)?.TrainingJob is not null;
                    output.WriteLine(JsonSerializer.Serialize(new
                    {
                        name = study.Name, direction = study.Direction,
                        directions = study.Directions, objectives = names, constraints,
                        createdAt = study.Record.CreatedAt, counts,
                        bestTrial = study.IsMultiObjective ? null : study.BestTrial?.Number,
                        paretoFront = study.IsMultiObjective ? study.BestTrials.Select(t => t.Number).ToList() : null,
                        trials = trials.Select(t => TrialJson.Of(t, study.Name, jobs)),
                        pbtLineage = lineage.Count == 0 ? null : lineage.Select(e => new
                        {
                            member = e.Member, round = e.Round, copiedFrom = e.ParentMember, hyperParameters = e.HyperParameters, score = e.Score,
                        }),
                    }, CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    TrialCsv.Write(trials, output, names);
                    break;
                default:
                    output.WriteLine($"Study {study.Name}: {(study.IsMultiObjective ? directions : study.Direction.ToString())}, created {study.Record.CreatedAt.UtcDateTime:u}");
                    if (constraints.Count > 0) output.WriteLine($"Feasible when: {string.Join(", ", constraints)}");
                    if (study.IsMultiObjective)
                        output.WriteLine($"Pareto front: trials {string.Join(", ", study.BestTrials.Select(t => t.Number))}");
                    output.WriteLine(string.Join("  ", counts.Select(c => $"{c.Key}: {c.Value}")));
                    TrialTables.Of(trials, names).Write(format, output, $"{trials.Count} trials");
                    foreach (var failed in trials.Where(t => t.FailureReason is not null))
                        output.WriteLine($"trial {failed.Number} {failed.State}: {failed.FailureReason}");
                    PbtLineageText.Write(lineage, output);
                    break;
            }
            return 0;
        });
}

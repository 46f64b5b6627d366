using System.Text.Json;
using Caviar.Cli.Output;
using Caviar.Jobs.Tuning;
using Caviar.Studies;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar best</c> of a study with several objectives: every completed, feasible trial no other one dominates
/// (Study.BestTrials), in number order, with its values, parameters and training job. JSON:
/// <c>{"study", "objectives": [{"name", "direction"}], "constraints": ["m ≤ 500"], "front": [{"number", "values": [...],
/// "constraintValues": [...], "params": {...}, "trainingJob", "modelPath", "finalMetrics": {...}}]}</c>.
/// </summary>
internal static class ParetoFrontOutput
{
    public static int Write(Study study, string artifactsRoot, OutputFormat format, TextWriter output)
    {
        var front = study.BestTrials;
        if (front.Count == 0)
            throw new CaviarValidationException("STUDY", study.Trials.Any(t => t.State == Trials.TrialState.Completed)
                ? $"study '{study.Name}' has no feasible completed trial yet"
                : $"study '{study.Name}' has no completed trial yet");
        var names = ObjectiveNames.Of(study.Record);
        var rows = front.Select(trial => (Trial: trial, Job: TrialJobSummary.Of(study.Record, trial.Number, artifactsRoot))).ToList();
        if (format == OutputFormat.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                study = study.Name,
                objectives = names.Select((name, i) => new { name, direction = study.Directions[i].ToString() }),
                constraints = ObjectiveNames.ConstraintsOf(study.Record),
                front = rows.Select(row => new
                {
                    number = row.Trial.Number, values = row.Trial.Values, constraintValues = row.Trial.Constraints,
                    @params = row.Trial.ExternalParams, trainingJob = row.Job?.JobName, modelPath = row.Job?.ModelPath,
                    finalMetrics = row.Job?.FinalMetrics ?? new Dictionary<string, double>(),
                }),
            }, CliJson.Options));
            return 0;
        }
        var parameters = front.SelectMany(t => t.ExternalParams.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        bool jobs = rows.Any(r => r.Job is not null);
        var columns = new List<string> { "#" };
        columns.AddRange(names.Select((name, i) => $"{name} ({(study.Directions[i] == ObjectiveDirection.Maximize ? "max" : "min")})"));
        columns.AddRange(parameters);
        if (jobs) columns.Add("training job");
        var table = new Tabular(columns, rightAligned: columns.Where(c => c != "training job"));
        foreach (var (trial, job) in rows)
        {
            var cells = new List<object?> { trial.Number };
            cells.AddRange(trial.Values!.Cast<object?>());
            cells.AddRange(parameters.Select(p => trial.ExternalParams.TryGetValue(p, out var v) ? v : null));
            if (jobs) cells.Add(job?.JobName);
            table.Add(cells.ToArray());
        }
        table.Write(format, output,
            $"Pareto front of {study.Name}: {front.Count} of {study.Trials.Count} trials" +
            (ObjectiveNames.ConstraintsOf(study.Record) is { Count: > 0 } bounds ? $", feasible: {string.Join(", ", bounds)}" : ""));
        return 0;
    }
}

using System.ComponentModel;
using Caviar.Cli.Conventions;
using Caviar.Jobs.Tuning;
using Caviar.Plots;
using Caviar.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar plot STUDY --kind history|curves|parallel|importance|slice|contour|edf|pareto|hypervolume|pbt -o FILE.png|FILE.svg</c>. A chart with
/// nothing to draw is an error (exit 1), not empty axes. pareto of a study with three or four objectives writes one
/// chart per pair of objectives (FILE-A-vs-B.png), unless --params names the pair.
/// </summary>
internal sealed class PlotCommand : Command<PlotCommand.Settings>
{
    public sealed class Settings : StudySettings
    {
        [CommandOption("-k|--kind <KIND>")]
        [Description("history (default), curves (intermediate values), parallel (parallel coordinates), importance, slice, contour, edf (empirical distribution of values), pareto (several objectives: the Pareto front), hypervolume (several objectives: the hypervolume over trials) or pbt (a PBT study's hyperparameter schedule by round and member).")]
        public string Kind { get; init; } = "history";

        [CommandOption("--params <NAMES>")]
        [Description("For slice: the parameter (default: the first); for contour: two, comma-separated (default: the first two); for pareto: two objectives' names (default: every pair); for pbt: the hyperparameter (default: the first numeric one).")]
        public string? Params { get; init; }

        [CommandOption("--objective <NAME>")]
        [Description("With several objectives: the objective (its name or index) that history, parallel, importance, slice, contour and edf show (default: the first).")]
        public string? Objective { get; init; }

        [CommandOption("-o|--output <FILE>")]
        [Description("A .png or .svg file (default: STUDY-KIND.png).")]
        public string? Output { get; init; }

        [CommandOption("--width <PIXELS>")]
        [Description("Image width in pixels (default 900).")]
        public int Width { get; init; } = 900;

        [CommandOption("--height <PIXELS>")]
        [Description("Image height in pixels (default 550).")]
        public int Height { get; init; } = 550;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            using var store = settings.OpenExistingStore();
            var study = StudyLookup.Load(store, settings.StudyName);
            string output = settings.Output ?? $"{study.Name}-{settings.Kind}.png";
            var names = settings.Params?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (settings.Kind == "pareto") return Pareto(study, output, names, settings);
            if (settings.Kind == "hypervolume") return Hypervolume(study, output, settings);
            if (settings.Kind == "pbt") return PbtSchedule(store, study, output, names, settings);
            var (trials, direction) = ForObjective(study, settings.Objective);
            return Draw(() => StudyPlots.Create(settings.Kind, study.Name, trials, direction, names), output, settings);
        });

    /// <summary>Draws one chart and saves it to <paramref name="output"/>; an empty chart is an error and exit 1.</summary>
    private static int Draw(Func<ScottPlot.Plot> create, string output, Settings settings)
    {
        ScottPlot.Plot plot;
        try { plot = create(); }
        catch (EmptyChartException empty)
        {
            CliConsole.WriteError(null, empty.Message);
            return 1;
        }
        StudyPlots.Save(plot, output, settings.Width, settings.Height);
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(output)}");
        return 0;
    }

    /// <summary>
    /// The trials as one-objective charts see them: each completed trial's value for <paramref name="objective"/> (a
    /// name or an index; default the first), with that objective's direction.
    /// </summary>
    private static (IReadOnlyList<Caviar.Trials.TrialRecord>, Caviar.Trials.ObjectiveDirection) ForObjective(
        Caviar.Studies.Study study, string? objective)
    {
        if (objective is null) return (study.Trials, study.Direction);
        var objectives = ObjectiveNames.Of(study.Record);
        int index = objectives.ToList().IndexOf(objective);
        if (index < 0 && !(int.TryParse(objective, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out index) && index < objectives.Count))
            throw new CaviarValidationException("--objective",
                $"'{objective}' is not an objective of the study ({string.Join(", ", objectives)}) or an index below {objectives.Count}");
        var trials = study.Trials.Select(t => t.Values is { } values && values.Count > index
            ? t with { Value = values[index], Values = null }
            : t).ToList();
        return (trials, study.Directions[index]);
    }

    /// <summary>A PBT study's hyperparameter schedule by round and member (--params: the hyperparameter; default the first numeric one).</summary>
    private static int PbtSchedule(Caviar.Storage.IStudyStore store, Caviar.Studies.Study study, string output, string[]? names, Settings settings)
    {
        if (names is { Length: > 1 }) throw new CaviarValidationException("--params", $"pbt draws one hyperparameter, got {names.Length}");
        var lineage = store is Caviar.Pbt.IPbtLineageStore kept ? kept.GetPbtLineage(study.Record.Id) : [];
        return Draw(() => PbtSchedulePlot.Create(study.Name, lineage, names?[0]), output, settings);
    }

    /// <summary>The hypervolume over trials, for the default reference point.</summary>
    private static int Hypervolume(Caviar.Studies.Study study, string output, Settings settings)
        => Draw(() => HypervolumePlot.Create(study.Name, study.Trials, study.Directions, ObjectiveNames.Of(study.Record)),
            output, settings);

    /// <summary>The Pareto chart: one file for two objectives or a named pair, else one per pair (FILE-A-vs-B.EXT).</summary>
    private static int Pareto(Caviar.Studies.Study study, string output, string[]? names, Settings settings)
    {
        if (!study.IsMultiObjective)
            throw new CaviarValidationException("--kind", $"study '{study.Name}' has one objective; pareto needs two or more (try history)");
        var objectives = ObjectiveNames.Of(study.Record);
        IReadOnlyList<(int X, int Y)> pairs;
        if (names is not null)
        {
            if (names.Length != 2) throw new CaviarValidationException("--params", $"needs two objective names, got {names.Length}");
            int Index(string name) => objectives.ToList().IndexOf(name) is var i and >= 0 ? i
                : throw new CaviarValidationException("--params", $"'{name}' is not an objective of the study ({string.Join(", ", objectives)})");
            pairs = [(Index(names[0]), Index(names[1]))];
        }
        else pairs = ParetoPlot.Pairs(study.Directions.Count);
        var files = new List<(string Path, ScottPlot.Plot Plot)>();
        try
        {
            foreach (var pair in pairs)
            {
                string path = pairs.Count == 1 ? output
                    : Path.Combine(Path.GetDirectoryName(output) ?? "",
                        $"{Path.GetFileNameWithoutExtension(output)}-{objectives[pair.X]}-vs-{objectives[pair.Y]}{Path.GetExtension(output)}");
                files.Add((path, ParetoPlot.Create(study.Name, study.Trials, study.Directions, objectives, pair)));
            }
        }
        catch (EmptyChartException empty)
        {
            CliConsole.WriteError(null, empty.Message);
            return 1;
        }
        foreach (var (path, plot) in files)
        {
            StudyPlots.Save(plot, path, settings.Width, settings.Height);
            AnsiConsole.MarkupLine($"Wrote {Markup.Escape(path)}");
        }
        return 0;
    }
}

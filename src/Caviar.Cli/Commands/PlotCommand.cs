using System.ComponentModel;
using Caviar.Cli.Conventions;
using Caviar.Plots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar plot STUDY --kind history|curves|parallel|importance|slice|contour -o FILE.png|FILE.svg</c>. A chart with
/// nothing to draw is an error (exit 1), not empty axes.
/// </summary>
internal sealed class PlotCommand : Command<PlotCommand.Settings>
{
    public sealed class Settings : StudySettings
    {
        [CommandOption("-k|--kind <KIND>")]
        [Description("history (default), curves (intermediate values), parallel (parallel coordinates), importance, slice or contour.")]
        public string Kind { get; init; } = "history";

        [CommandOption("--params <NAMES>")]
        [Description("For slice: the parameter (default: the first); for contour: two, comma-separated (default: the first two).")]
        public string? Params { get; init; }

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
            ScottPlot.Plot plot;
            try { plot = StudyPlots.Create(settings.Kind, study.Name, study.Trials, study.Direction, names); }
            catch (EmptyChartException empty)
            {
                CliConsole.WriteError(null, empty.Message);
                return 1;
            }
            StudyPlots.Save(plot, output, settings.Width, settings.Height);
            AnsiConsole.MarkupLine($"Wrote {Markup.Escape(output)}");
            return 0;
        });
}

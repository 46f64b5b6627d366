using System.ComponentModel;
using Caviar.Plots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar plot STUDY --kind history|curves|parallel|importance -o FILE.png|FILE.svg</c>.</summary>
internal sealed class PlotCommand : Command<PlotCommand.Settings>
{
    public sealed class Settings : StudySettings
    {
        [CommandOption("-k|--kind <KIND>")]
        [Description("history (default), curves (intermediate values), parallel (parallel coordinates) or importance.")]
        public string Kind { get; init; } = "history";

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
            var plot = StudyPlots.Create(settings.Kind, study.Name, study.Trials, study.Direction);
            StudyPlots.Save(plot, output, settings.Width, settings.Height);
            AnsiConsole.MarkupLine($"Wrote {Markup.Escape(output)}");
            return 0;
        });
}

using Spectre.Console;
using Spectre.Console.Rendering;

namespace Caviar.Cli.Rendering;

/// <summary>A progress column showing a time with what it is: "elapsed 00:01:05" or "left 00:00:40".</summary>
internal sealed class LabelledTimeColumn(string label, Func<ProgressTask, TimeSpan?> time) : ProgressColumn
{
    public static LabelledTimeColumn Elapsed() => new("elapsed", task => task.ElapsedTime);

    public static LabelledTimeColumn Remaining() => new("left", task => task.IsFinished ? TimeSpan.Zero : task.RemainingTime);

    /// <summary>Never wrapped: in a narrow terminal the bar gives up its width instead (use20).</summary>
    protected override bool NoWrap => true;

    /// <summary>The label, a space and "hh:mm:ss".</summary>
    public override int? GetColumnWidth(RenderOptions options) => label.Length + 1 + 8;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text($"{label} {(time(task) is { } t ? $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}" : "--:--:--")}",
            new Style(Color.Grey));
}

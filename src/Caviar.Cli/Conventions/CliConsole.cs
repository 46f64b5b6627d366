using Spectre.Console;

namespace Caviar.Cli.Conventions;

/// <summary>
/// The two consoles of the command: results go to standard output, errors and progress notes to standard error,
/// so a script that pipes stdout gets only results.
/// </summary>
public static class CliConsole
{
    /// <summary>Standard error, with colour when it is a terminal (and NO_COLOR is unset).</summary>
    public static IAnsiConsole Error { get; } = CreateError();

    private static IAnsiConsole CreateError()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected) console.Profile.Width = CliSetup.UnwrappedWidth;
        return console;
    }

    /// <summary>Whether standard output is a terminal (not a pipe or a file).</summary>
    public static bool OutputIsTerminal => !Console.IsOutputRedirected;

    /// <summary>
    /// Width available to tables on standard output: the terminal's, or $COLUMNS when set (tests, `watch`),
    /// or unlimited when output is not a terminal.
    /// </summary>
    public static int OutputWidth =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 0 ? columns
        : OutputIsTerminal ? AnsiConsole.Profile.Width : int.MaxValue;

    /// <summary>Writes <c>error: FIELD: REASON</c> (or <c>error: REASON</c>) to standard error.</summary>
    public static void WriteError(string? field, string reason) =>
        Error.MarkupLine(field is null
            ? $"[red]error:[/] {Markup.Escape(reason)}"
            : $"[red]error:[/] {Markup.Escape(field)}: {Markup.Escape(reason)}");
}

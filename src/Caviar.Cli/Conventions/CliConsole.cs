using Spectre.Console;

namespace Caviar.Cli.Conventions;

/// <summary>
/// The two consoles of the command: results go to standard output, errors and progress notes to standard error,
/// so a script that pipes stdout gets only results.
/// </summary>
internal static class CliConsole
{
    /// <summary>Standard error, with colour when it is a terminal (and NO_COLOR is unset).</summary>
    public static IAnsiConsole Error { get; } = CreateError(unwrapped: Console.IsErrorRedirected);

    /// <summary>Standard error for messages: never wrapped by us (a terminal wraps long lines itself, without breaking words for copy and paste).</summary>
    public static IAnsiConsole Messages { get; } = CreateError(unwrapped: true);

    private static IAnsiConsole CreateError(bool unwrapped)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (unwrapped) console.Profile.Width = CliSetup.UnwrappedWidth;
        return console;
    }

    /// <summary>Whether standard output is a terminal (not a pipe or a file).</summary>
    public static bool OutputIsTerminal => !Console.IsOutputRedirected;

    /// <summary>
    /// Width available to tables on standard output: the terminal's (or $COLUMNS, which <see cref="CliSetup"/> gives
    /// the terminal when set), unlimited when output is not a terminal.
    /// </summary>
    public static int OutputWidth => OutputIsTerminal ? AnsiConsole.Profile.Width : int.MaxValue;

    /// <summary>Writes <c>error: FIELD: REASON</c> (or <c>error: REASON</c>) to standard error.</summary>
    public static void WriteError(string? field, string reason) =>
        Messages.MarkupLine(field is null
            ? $"[red]error:[/] {Markup.Escape(reason)}"
            : $"[red]error:[/] {Markup.Escape(field)}: {Markup.Escape(reason)}");
}

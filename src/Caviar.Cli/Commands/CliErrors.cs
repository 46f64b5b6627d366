using Caviar.Validation;
using Spectre.Console;

namespace Caviar.Cli.Commands;

/// <summary>Runs a command body and turns refusals into a red message and exit code 2.</summary>
public static class CliErrors
{
    public const int InvalidInput = 2;

    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CaviarValidationException error)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(error.Field)}: {Markup.Escape(error.Reason)}");
            return InvalidInput;
        }
    }
}

using Caviar.Cli.Conventions;
using Caviar.Validation;

namespace Caviar.Cli.Commands;

/// <summary>
/// Runs a command body and turns refusals into <c>error: FIELD: REASON</c> on standard error, one line per refused
/// field, and exit code 2.
/// </summary>
internal static class CliErrors
{
    /// <summary>Exit code of every bad input: a refused spec, flag or argument, or a parser error.</summary>
    public const int InvalidInput = 2;

    /// <summary>Exit code of a run that did its work and failed (e.g. every trial failed).</summary>
    public const int Failed = 1;

    /// <summary>Exit code after Ctrl-C (128 + SIGINT), as shells expect.</summary>
    public const int Interrupted = 130;

    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CaviarValidationException error)
        {
            foreach (var refused in error.Errors) CliConsole.WriteError(refused.Field, refused.Reason);
            return InvalidInput;
        }
    }
}

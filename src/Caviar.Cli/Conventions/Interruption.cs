using System.Runtime.InteropServices;

namespace Caviar.Cli.Conventions;

/// <summary>
/// Ctrl-C (SIGINT) handling of a long verb: the first one calls the constructor's <c>onFirst</c> and cancels
/// <see cref="Token"/>, so the verb winds down and reports; a second one restores the terminal's cursor and lets
/// the process die at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration _registration;
    private int _signals;

    public Interruption(CancellationToken outer, Action onFirst)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            if (Interlocked.Increment(ref _signals) == 1)
            {
                signal.Cancel = true;
                onFirst();
                _source.Cancel();
            }
            else
            {
                RestoreCursor();
            }
        });
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Whether Ctrl-C was pressed.</summary>
    public bool Interrupted => Volatile.Read(ref _signals) > 0;

    /// <summary>Shows the cursor again (live progress hides it) on whichever of stdout/stderr is a terminal.</summary>
    public static void RestoreCursor()
    {
        const string showCursor = "\u001b[?25h";
        if (!Console.IsErrorRedirected) Console.Error.Write(showCursor);
        else if (!Console.IsOutputRedirected) Console.Out.Write(showCursor);
    }

    public void Dispose()
    {
        _registration.Dispose();
        _source.Dispose();
    }
}

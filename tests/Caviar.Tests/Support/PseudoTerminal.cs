using System.Diagnostics;

namespace Caviar.Tests.Support;

/// <summary>
/// Runs a command on a real pseudo-terminal (Debian's python3 <c>pty.fork</c>) and copies everything the command
/// wrote to the terminal to standard output, reading until the terminal closes: util-linux <c>script</c> can drop
/// the last lines when the command exits under load. The command gets SIGINT at its default, as on a user's terminal,
/// even when the tests were started with it ignored (in the background by a shell without job control). Exit code:
/// the command's, or 128 + signal.
/// </summary>
public static class PseudoTerminal
{
    private const string Relay = """
        import os, pty, signal, sys
        pid, fd = pty.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.execvp(sys.argv[1], sys.argv[1:])
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            os.write(1, data)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        sys.exit(code if code >= 0 else 128 - code)
        """;

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] command)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Relay);
        foreach (var word in command) start.ArgumentList.Add(word);
        return start;
    }
}

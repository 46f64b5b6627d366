using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Caviar.Jobs.Running;

/// <summary>
/// Starts one process of an attempt so that what it does outlives its runner: a small bash parent (the shim) runs the
/// job with its stdout and stderr appended to the attempt's log by <c>cat</c> (not piped to the runner, so a runner
/// killed mid-attempt loses no line and the job gets no SIGPIPE), and writes the job's and the log's exit codes into
/// the attempt's exit file when the job ends. The job and <c>cat</c> get SIGKILL if the shim dies (<c>setpriv
/// --pdeathsig</c>), so killing the shim ends the attempt. A later runner reads the exit file: a job that completed
/// while no runner watched is recorded Completed, never run again.
/// </summary>
internal static class AttemptShim
{
    /// <summary>Size of an exit file: made before the job starts and overwritten in place, so writing it needs no free space.</summary>
    public const int ExitFileBytes = 16;

    private const string Script = """
        log=$1 exit=$2
        shift 2
        exec >/dev/null 2>&1
        setpriv --pdeathsig KILL -- "$@" 2>&1 | setpriv --pdeathsig KILL -- cat >> "$log"
        codes=("${PIPESTATUS[@]}")
        printf '%-15s\n' "${codes[0]} ${codes[1]}" 1<> "$exit"
        exit "${codes[0]}"
        """;

    /// <summary>The shim's start info for <paramref name="command"/>, its output appended to <paramref name="logFile"/>.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyList<string> command, string workingDirectory, string logFile,
        string exitFile, IReadOnlyDictionary<string, string> environment, bool redirectStdin)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        foreach (var word in (string[])["-c", Script, "caviar-attempt", logFile, exitFile, .. command]) start.ArgumentList.Add(word);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return start;
    }

    /// <summary>
    /// The shim's start info for a process someone else described (a container's client): its program, arguments,
    /// working directory, environment and standard input are kept; its output goes to <paramref name="logFile"/>.
    /// </summary>
    public static ProcessStartInfo Wrap(ProcessStartInfo job, string logFile, string exitFile)
    {
        var environment = job.Environment.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!, StringComparer.Ordinal);
        string workingDirectory = job.WorkingDirectory.Length > 0 ? job.WorkingDirectory : Environment.CurrentDirectory;
        var start = StartInfo([job.FileName, .. job.ArgumentList], workingDirectory, logFile, exitFile, environment,
            job.RedirectStandardInput);
        foreach (var name in start.Environment.Keys.Except(environment.Keys).ToList()) start.Environment.Remove(name);
        return start;
    }

    /// <summary>
    /// The process ids of the shim's job (its children other than the <c>cat</c> that logs: the job runs as itself,
    /// <c>setpriv</c> execs it), found in <c>/proc</c>; none once they have ended.
    /// </summary>
    public static IReadOnlyList<int> JobProcessIds(int shimProcessId)
    {
        var jobs = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(directory, "stat")); }
            catch (IOException) { continue; }   // it ended meanwhile
            catch (UnauthorizedAccessException) { continue; }
            // "pid (comm) state ppid …": comm may hold spaces and parentheses, so the fields after it are found from the last ')'.
            int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
            if (open < 0 || close < open) continue;
            var fields = stat[(close + 2)..].Split(' ');
            if (fields.Length > 1 && fields[1] == shimProcessId.ToString(CultureInfo.InvariantCulture) && stat[(open + 1)..close] != "cat")
                jobs.Add(pid);
        }
        return jobs;
    }

    /// <summary>Makes the exit file blank (the attempt has not ended); throws on a full disk.</summary>
    public static void PrepareExitFile(string exitFile) =>
        File.WriteAllBytes(exitFile, Encoding.ASCII.GetBytes(new string(' ', ExitFileBytes - 1) + "\n"));

    /// <summary>The exit codes the shim wrote, or null while the attempt runs or when the shim was killed first.</summary>
    public static AttemptExit? ReadExit(string exitFile)
    {
        string text;
        try { text = File.Exists(exitFile) ? File.ReadAllText(exitFile) : ""; }
        catch (IOException) { return null; }
        var words = text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 2 && int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out int job) &&
               int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out int log)
            ? new AttemptExit(job, log)
            : null;
    }
}

/// <summary>How one process of an attempt ended: the job's exit code, and cat's (not 0: some output was not logged).</summary>
internal sealed record AttemptExit(int JobExitCode, int LogExitCode)
{
    public bool OutputLost => LogExitCode != 0;
}

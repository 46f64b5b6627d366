using System.Diagnostics;

namespace Caviar.Tests.Python;

/// <summary>Runs Debian's Python (/usr/bin/python3) as a child process and collects what it prints.</summary>
internal static class PythonProcess
{
    public const string Interpreter = "/usr/bin/python3";

    public sealed record Result(int ExitCode, string Output);

    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout,
        params string[] args) => Run(Interpreter, workingDirectory, environment, timeout, args);

    public static Result Run(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("PYTHONPATH");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeout}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result + error.Result);
    }
}

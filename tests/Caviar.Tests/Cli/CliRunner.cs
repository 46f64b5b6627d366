using System.Diagnostics;

namespace Caviar.Tests.Cli;

/// <summary>Runs the real <c>caviar</c> program (caviar.dll built beside the tests) as a child process.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    public static string CaviarDll => Path.Combine(AppContext.BaseDirectory, "caviar.dll");

    public static Process Start(string workingDirectory, params string[] args) => Start(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Starts caviar with <paramref name="environment"/> added to (or overriding) this process's variables.</summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // Through coreutils' env, which puts SIGINT back to its default: a test run started in the background by a
        // shell without job control (`cmd &` in a script, nohup) has SIGINT ignored, children inherit that across exec,
        // and .NET leaves an ignored SIGINT ignored, so the Ctrl-C tests would see caviar go on to the end.
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(CaviarDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "200";
        start.Environment.Remove("CAVIAR_STORE");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, new Dictionary<string, string>(), args);

    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunWithin(TimeSpan.FromMinutes(2), workingDirectory, environment, args);

    /// <summary><see cref="Run(string, string[])"/> with another hang guard, for commands that start heavy jobs (PyTorch processes).</summary>
    public static Result RunWithin(TimeSpan limit, string workingDirectory, params string[] args) =>
        RunWithin(limit, workingDirectory, new Dictionary<string, string>(), args);

    public static Result RunWithin(TimeSpan limit, string workingDirectory, IReadOnlyDictionary<string, string> environment,
        params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"caviar {string.Join(' ', args)} did not finish");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}

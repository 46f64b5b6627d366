using System.Diagnostics;
using System.Text.Json;

namespace Caviar.Bench.Common;

/// <summary>Runs a peer script of bench/peers with a Python interpreter and reads the JSON lines it prints.</summary>
public static class PythonScript
{
    public static IReadOnlyList<JsonElement> Run(string python, string script, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var lines = new List<JsonElement>();
        while (process.StandardOutput.ReadLine() is { } line)
            if (line.StartsWith('{')) lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(script)} failed ({process.ExitCode}): {error.Result}");
        return lines;
    }

    /// <summary>bench/peers/NAME, found above the working directory or the program.</summary>
    public static string Find(string name)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "bench", "peers", name);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException($"bench/peers/{name} not found above the working directory");
    }
}

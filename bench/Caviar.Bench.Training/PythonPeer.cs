using System.Diagnostics;
using System.Text.Json;

namespace Caviar.Bench.Training;

/// <summary>Runs a peer script under bench/peers with Debian's Python and reads its JSON lines.</summary>
public static class PythonPeer
{
    public static IReadOnlyList<JsonElement> Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Find(script));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var lines = new List<JsonElement>();
        while (process.StandardOutput.ReadLine() is { } line)
            if (line.StartsWith('{')) lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} failed: {error.Result}");
        return lines;
    }

    private static string Find(string script)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "bench", "peers", script);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"bench/peers/{script} not found above the working directory");
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace Caviar.Bench;

/// <summary>Runs bench/peers/optuna_peer.py with Debian's Python and reads its JSON lines.</summary>
public sealed class OptunaPeer(string python)
{
    public static string ScriptPath { get; } = FindScript();

    public IReadOnlyList<JsonElement> Run(params string[] args)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ScriptPath);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var lines = new List<JsonElement>();
        while (process.StandardOutput.ReadLine() is { } line)
            if (line.StartsWith('{')) lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"optuna peer failed ({process.ExitCode}): {error.Result}");
        return lines;
    }

    public string Version()
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import optuna; print(optuna.__version__)");
        using var process = Process.Start(start)!;
        string version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? version
            : throw new InvalidOperationException($"{python} has no optuna: run 'apt-get install -y python3-optuna'");
    }

    private static string FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "bench", "peers", "optuna_peer.py");
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException("bench/peers/optuna_peer.py not found above the working directory");
    }
}

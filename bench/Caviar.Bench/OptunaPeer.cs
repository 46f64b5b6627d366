using System.Diagnostics;
using System.Text.Json;
using Caviar.Bench.Common;

namespace Caviar.Bench;

/// <summary>Runs bench/peers/optuna_peer.py with Debian's Python and reads its JSON lines.</summary>
public sealed class OptunaPeer(string python)
{
    public static string ScriptPath { get; } = PythonScript.Find("optuna_peer.py");

    public IReadOnlyList<JsonElement> Run(params string[] args) => PythonScript.Run(python, ScriptPath, args);

    public bool IsInstalled()
    {
        try { Version(); return true; }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { return false; }
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
}

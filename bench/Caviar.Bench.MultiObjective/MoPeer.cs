using System.Text.Json;
using Caviar.Bench.Common;

namespace Caviar.Bench.MultiObjective;

/// <summary>Runs bench/peers/optuna_mo_peer.py with Debian's Python and reads its JSON lines.</summary>
public sealed class MoPeer(string python)
{
    public static string ScriptPath { get; } = PythonScript.Find("optuna_mo_peer.py");

    public IReadOnlyList<JsonElement> Run(params string[] args) => PythonScript.Run(python, ScriptPath, args);
}

using System.Text.Json;
using Caviar.Bench.Common;

namespace Caviar.Bench.Training;

/// <summary>Runs a peer script under bench/peers with Debian's Python.</summary>
public static class PythonPeer
{
    public static IReadOnlyList<JsonElement> Run(string script, params string[] args) =>
        PythonScript.Run("/usr/bin/python3", PythonScript.Find(script), args);
}

using System.Diagnostics;

namespace Caviar.Jobs.Specs;

/// <summary>
/// Runs the neural plugin (<see cref="NeuralPlugin"/>) for a verb of caviar's that needs TorchSharp, with this
/// process's standard streams, and returns its exit code. Absent, it refuses under <c>field</c> saying how to add it.
/// </summary>
public static class NeuralPluginProcess
{
    public static int Run(string field, string what, params string[] arguments)
    {
        var command = NeuralPlugin.Require(field, what);
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1).Concat(arguments)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}

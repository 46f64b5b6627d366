using System.Diagnostics;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Cli;

/// <summary>Ctrl-C during tune on a real (pseudo-)terminal: the live progress bar gives the cursor back.</summary>
public class CliTerminalInterruptTests
{
    private const string HideCursor = "\u001b[?25l", ShowCursor = "\u001b[?25h";

    [Fact]
    public async Task Ctrl_c_on_a_terminal_restores_the_cursor_and_exits_130()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), CliSpecs.CounterTuning("on-terminal", epochs: 40, sleep: 0.25, maxTrials: 4));
        var start = PseudoTerminal.StartInfo(dir.Path, "dotnet", CliRunner.CaviarDll, "tune", "spec.json");
        start.Environment["COLUMNS"] = "120";
        using var terminal = Process.Start(start)!;
        var output = terminal.StandardOutput.ReadToEndAsync();
        await Eventually.True(() => CliSpecs.Trials(dir, "on-terminal").Any(t => t.IntermediateValues.Count > 0), 90);

        int caviar = Descendants(terminal.Id).First(pid => CommandLine(pid).Contains("caviar.dll"));
        using (var kill = Process.Start("kill", ["-INT", caviar.ToString()])) kill.WaitForExit();
        Assert.True(terminal.WaitForExit(TimeSpan.FromSeconds(60)), "tune did not stop");
        string screen = await output;
        Assert.True(terminal.ExitCode == 130, screen);
        Assert.Contains(HideCursor, screen);
        Assert.Contains("elapsed 00:00:", screen); // the progress bar's times say what they are
        Assert.Contains("left ", screen);
        Assert.True(screen.LastIndexOf(ShowCursor) > screen.LastIndexOf(HideCursor), "the cursor was left hidden");
        Assert.Contains("Resume with: caviar tune spec.json --resume", screen);
        Assert.DoesNotContain(CliSpecs.Trials(dir, "on-terminal"), t => t.State == TrialState.Running);
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
        foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int childPid = int.Parse(child);
            yield return childPid;
            foreach (var grandchild in Descendants(childPid)) yield return grandchild;
        }
    }

    private static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
    }
}

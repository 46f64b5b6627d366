using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Caviar.Tests.Support;

namespace Caviar.Tests.Cli;

/// <summary>What users of git, dotnet and kubectl expect: errors on stderr with exit 2, help, version, completion.</summary>
public class CliConventionTests
{
    [Theory]
    [InlineData("--parallel", "abc", "--parallel: 'abc' is not a whole number")]
    [InlineData("--max-trials", "1.5", "--max-trials: '1.5' is not a whole number")]
    [InlineData("--seed", "x", "--seed: 'x' is not a whole number")]
    public void A_bad_flag_value_exits_2_on_stderr_naming_the_flag_without_type_names(string flag, string value, string message)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("spec.json"), CliSpecs.Branin());
        var run = CliRunner.Run(dir.Path, "tune", "spec.json", flag, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Equal($"error: {message}", run.Error.Trim());
        Assert.False(File.Exists(dir.File("caviar.db")));
    }

    [Fact]
    public void An_unknown_flag_a_missing_value_and_an_unknown_verb_exit_2_on_stderr()
    {
        using var dir = new TempDirectory();
        var unknown = CliRunner.Run(dir.Path, "list", "--bogus");
        Assert.Equal((2, ""), (unknown.ExitCode, unknown.Output));
        Assert.StartsWith("error: --bogus: unknown option", unknown.Error);

        var missing = CliRunner.Run(dir.Path, "tune", "spec.json", "--parallel");
        Assert.Equal((2, ""), (missing.ExitCode, missing.Output));
        Assert.Equal("error: --parallel: needs a value", missing.Error.Trim());

        var verb = CliRunner.Run(dir.Path, "bogus");
        Assert.Equal((2, ""), (verb.ExitCode, verb.Output));
        Assert.Contains("Unknown command 'bogus'", verb.Error);
    }

    [Fact]
    public void A_refused_spec_is_reported_on_stderr_only()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(dir.Path, "tune", "missing.json");
        Assert.Equal((2, ""), (run.ExitCode, run.Output));
        Assert.Equal("error: spec: file 'missing.json' does not exist", run.Error.Trim());
    }

    [Fact]
    public void Version_prints_the_assemblys_version()
    {
        using var dir = new TempDirectory();
        string expected = AssemblyName.GetAssemblyName(CliRunner.CaviarDll).Version!.ToString(3);
        foreach (var flag in new[] { "--version", "-V" })
        {
            var run = CliRunner.Run(dir.Path, flag);
            Assert.Equal((0, expected), (run.ExitCode, run.Output.Trim()));
        }
    }

    [Fact]
    public void Caviar_alone_and_help_print_help_and_help_verb_prints_the_verbs_options()
    {
        using var dir = new TempDirectory();
        foreach (var args in new[] { Array.Empty<string>(), ["help"] })
        {
            var run = CliRunner.Run(dir.Path, args);
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("USAGE:", run.Output);
            Assert.Contains("tune", run.Output);
            Assert.Contains("completion", run.Output);
        }
        var tune = CliRunner.Run(dir.Path, "help", "tune");
        Assert.Equal(0, tune.ExitCode);
        Assert.Contains("--max-trials", tune.Output);
        Assert.Contains("--detach", tune.Output);
    }

    [Fact]
    public void Every_option_and_argument_of_every_visible_verb_has_help_text()
    {
        using var dir = new TempDirectory();
        var dump = CliRunner.Run(dir.Path, "--help-dump-opencli");
        Assert.Equal(0, dump.ExitCode);
        using var model = JsonDocument.Parse(dump.Output);
        var undocumented = new List<string>();
        foreach (var command in model.RootElement.GetProperty("command").GetProperty("commands").EnumerateArray())
        {
            if (command.TryGetProperty("hidden", out var hidden) && hidden.GetBoolean()) continue;
            string verb = command.GetProperty("name").GetString()!;
            if (!command.TryGetProperty("description", out var about) || string.IsNullOrWhiteSpace(about.GetString()))
                undocumented.Add(verb);
            foreach (var kind in new[] { "options", "arguments" })
                if (command.TryGetProperty(kind, out var items))
                    foreach (var item in items.EnumerateArray())
                        if (!item.TryGetProperty("description", out var text) || string.IsNullOrWhiteSpace(text.GetString()))
                            undocumented.Add($"{verb} {item.GetProperty("name").GetString()}");
        }
        Assert.Empty(undocumented);
    }

    [Fact]
    public void Bash_completion_completes_verbs_and_the_verbs_options()
    {
        using var dir = new TempDirectory();
        var script = CliRunner.Run(dir.Path, "completion", "bash");
        Assert.Equal(0, script.ExitCode);
        File.WriteAllText(dir.File("caviar.bash"), script.Output);
        Assert.Equal("tune", Complete(dir, "caviar tu"));
        Assert.Equal("--max-parallel --max-trials", Complete(dir, "caviar tune spec.json --max-"));
        Assert.Equal("--follow --format", Complete(dir, "caviar logs job --fo"));

        var zsh = CliRunner.Run(dir.Path, "completion", "zsh");
        Assert.Equal(0, zsh.ExitCode);
        Assert.Contains("bashcompinit", zsh.Output);
        var fish = CliRunner.Run(dir.Path, "completion", "fish");
        Assert.Equal((2, "error: SHELL: 'fish' is not bash or zsh"), (fish.ExitCode, fish.Error.Trim()));
    }

    /// <summary>What bash offers for the last word of <paramref name="line"/>, sorted.</summary>
    private static string Complete(TempDirectory dir, string line)
    {
        string words = string.Join(' ', line.Split(' ').Select(w => $"'{w}'"));
        var start = new ProcessStartInfo("bash", ["-c",
            $"source caviar.bash; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); _caviar; " +
            "printf '%s\\n' \"${COMPREPLY[@]}\" | sort | paste -sd' '"])
        { WorkingDirectory = dir.Path, RedirectStandardOutput = true };
        using var bash = Process.Start(start)!;
        string output = bash.StandardOutput.ReadToEnd().Trim();
        bash.WaitForExit();
        return output;
    }

    [Theory]
    [InlineData("list")]
    [InlineData("describe", "s")]
    [InlineData("best", "s")]
    [InlineData("export", "s")]
    [InlineData("plot", "s")]
    public void Reading_verbs_never_create_a_store_and_name_the_missing_path(params string[] args)
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(dir.Path, [.. args, "--store", "nowhere.db"]);
        Assert.Equal((2, ""), (run.ExitCode, run.Output));
        Assert.Contains($"error: --store: no store at '{dir.File("nowhere.db")}'", run.Error);
        Assert.False(File.Exists(dir.File("nowhere.db")));
    }
}

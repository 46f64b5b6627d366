using System.Globalization;
using System.Text.Json;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Cli;

/// <summary>Specs and store reads shared by the CLI tests.</summary>
public static class CliSpecs
{
    public static string Branin(string name = "conv-branin", int maxTrials = 6) => $$"""
        {
          "name": "{{name}}",
          "objective": { "type": "Minimize", "function": "branin" },
          "strategy": "Random",
          "seed": 5,
          "limits": { "maxTrials": {{maxTrials.ToString(CultureInfo.InvariantCulture)}}, "maxParallel": 1 }
        }
        """;

    /// <summary>A tuning job over the checkpointing counter (loss = 1/epoch), or over a script that only fails.</summary>
    public static string CounterTuning(string name, int epochs, double sleep, int maxTrials, bool failing = false) =>
        JsonSerializer.Serialize(new
        {
            name,
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                command = new[] { "/bin/bash", "-c", failing ? "echo broken; exit 3" : ShellJobs.CheckpointingCounter },
                metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
                environment = new Dictionary<string, string> { ["EPOCHS"] = $"{epochs}", ["SLEEP"] = $"{sleep}" },
            },
            strategy = "Random",
            hyperParameterRanges = new[] { new { type = "continuous", name = "lr", minValue = 1e-4, maxValue = 1e-1 } },
            limits = new { maxTrials, maxParallel = 2 },
        });

    public static string CounterJob(string name, int epochs, double sleep) => JsonSerializer.Serialize(new
    {
        name,
        command = new[] { "/bin/bash", "-c", ShellJobs.CheckpointingCounter },
        metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
        environment = new Dictionary<string, string> { ["EPOCHS"] = $"{epochs}", ["SLEEP"] = $"{sleep}" },
    });

    public static IReadOnlyList<TrialRecord> Trials(TempDirectory dir, string study)
    {
        if (!File.Exists(dir.File("caviar.db"))) return [];
        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        return store.FindStudy(study) is { } found ? store.GetTrials(found.Id) : [];
    }
}

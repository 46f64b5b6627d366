using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Tuning;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Pbt;

/// <summary>A smoke test of PBT with the built-in mlp (the caviar-neural plugin beside caviar.dll): rounds resume from the mlp's checkpoints.</summary>
public class PbtMlpTests
{
    [Fact]
    public void An_mlp_population_resumes_each_round_from_its_checkpoint()
    {
        using var dir = new TempDirectory();
        var random = new Random(4);
        File.WriteAllLines(dir.File("train.csv"), ["a,b,label", .. Enumerable.Range(0, 300).Select(_ =>
        {
            double a = random.NextDouble(), b = random.NextDouble();
            return FormattableString.Invariant($"{a},{b},{(a + b > 1 ? 1 : 0)}");
        })]);
        File.WriteAllText(dir.File("tune.json"), JsonSerializer.Serialize(new
        {
            name = "mlp-pbt",
            objective = new { type = "Maximize", metricName = "val_accuracy" },
            strategy = "PBT",
            pbt = new { populationSize = 2, perturbationInterval = 1, maxResource = 2 },
            trainingJob = new
            {
                algorithm = "mlp",
                hyperParameters = new Dictionary<string, object> { ["hidden_units"] = "8", ["batch_size"] = 32, ["threads"] = 1 },
                channels = new[] { new { name = "train", path = "train.csv" } },
                metricDefinitions = new[] { new { name = "val_accuracy", regex = @"epoch=(?<step>\d+) .*val_accuracy=(?<value>\S+)" } },
            },
            hyperParameterRanges = new[] { new { type = "continuous", name = "learning_rate", minValue = 0.001, maxValue = 0.1 } },
        }));

        var run = CliRunner.RunWithin(TimeSpan.FromMinutes(8), dir.Path, "tune", "tune.json");
        Assert.True(run.ExitCode == 0, run.All);

        using var store = SqliteStudyStore.Open(dir.File("caviar.db"));
        long study = store.FindStudy("mlp-pbt")!.Id;
        Assert.Equal(4, store.GetTrials(study).Count(t => t.State == TrialState.Completed));
        Assert.Equal(4, store.GetPbtLineage(study).Count(e => e.Score is not null));
        foreach (int number in new[] { 2, 3 })   // round 1 of both members
        {
            var job = JobDirectory.For(dir.File("caviar-artifacts"), TrialJobNames.For("mlp-pbt", number));
            string log = File.ReadAllText(job.LogFile(0));
            Assert.Contains("resumed from epoch 1", log);
            Assert.Contains("epoch=2 ", log);
            Assert.DoesNotContain("epoch=1 ", log);
        }
    }
}

using System.Text;
using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

public class ApiBestJobTests
{
    [Fact]
    public async Task A_tuning_jobs_best_trial_names_its_training_job_model_and_final_metrics()
    {
        await using var server = await ApiServer.StartAsync();
        var spec = new StringContent(CliSpecs.CounterTuning("api-best", epochs: 2, sleep: 0, maxTrials: 2), Encoding.UTF8, "application/json");
        Assert.True((await server.Client.PostAsync("/api/tuning-jobs", spec)).IsSuccessStatusCode);

        JsonElement described = default;
        await Eventually.True(() =>
        {
            described = JsonDocument.Parse(server.Client.GetStringAsync("/api/tuning-jobs/api-best").Result).RootElement;
            return described.GetProperty("states").GetProperty("Completed").GetInt32() == 2 && !described.GetProperty("running").GetBoolean();
        }, 60);
        int best = described.GetProperty("best").GetProperty("number").GetInt32();
        var job = described.GetProperty("bestJob");
        Assert.Equal($"api-best-{best:D4}", job.GetProperty("jobName").GetString());
        Assert.Equal(JobDirectory.For(server.Directory.File("artifacts"), $"api-best-{best:D4}").ModelDirectory,
            job.GetProperty("modelPath").GetString());
        Assert.Equal(0.5, job.GetProperty("finalMetrics").GetProperty("loss").GetDouble());
    }
}

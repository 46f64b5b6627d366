using System.Collections.Concurrent;
using System.Net;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Serving;

[Collection(TabularModelsCollection.Name)]
public class UpdateTests(TabularModels models)
{
    private static async Task<float> Answer(EndpointProcess endpoint, string row)
    {
        using var response = await endpoint.Invoke(row, "text/csv", "application/json");
        return ServingAnswers.Probabilities(await response.Content.ReadAsStringAsync())[0];
    }

    [Fact]
    public async Task An_update_under_load_fails_no_request_and_a_bad_model_leaves_the_old_one_serving()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "live", "--model", models.LinearOnnx, "--max-delay-us", "0");
        string row = models.Csv(0, 1);
        float linear = await Answer(endpoint, row);

        File.WriteAllText(artifacts.File("corrupt.onnx"), "not a model");
        var refused = CliRunner.Run(artifacts.Path, "deploy", "live", "--update", "--model", artifacts.File("corrupt.onnx"), "--artifacts", artifacts.Path);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("kept its old model", refused.Error);
        Assert.Equal(linear, await Answer(endpoint, row));

        var answers = new ConcurrentBag<(HttpStatusCode Status, string Body)>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancelled())
            {
                using var response = await endpoint.Invoke(row, "text/csv", "application/json");
                answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
            }
        })).ToList();
        await Eventually.True(() => answers.Count > 50);
        var update = await Task.Run(() => CliRunner.Run(artifacts.Path, "deploy", "live", "--update", "--model", models.GbtDirectory, "--artifacts", artifacts.Path));
        int atUpdate = answers.Count;
        await Eventually.True(() => answers.Count > atUpdate + 50);
        stop.Cancel();
        await Task.WhenAll(load);

        Assert.True(update.ExitCode == 0, update.All);
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, a.Body));
        float gbt = await Answer(endpoint, row);
        Assert.NotEqual(linear, gbt);
        var values = answers.Select(a => ServingAnswers.Probabilities(a.Body)[0]).ToList();
        Assert.All(values, v => Assert.True(v == linear || v == gbt, $"{v} is neither model's answer"));
        Assert.Contains(linear, values);
        Assert.Contains(gbt, values);

        var listed = CliRunner.Run(artifacts.Path, "endpoints", "--json", "--artifacts", artifacts.Path);
        Assert.Contains(models.GbtOnnx, listed.Output);
    }
}

internal static class CancellationExtensions
{
    public static bool IsCancelled(this CancellationTokenSource source) => source.IsCancellationRequested;
}

using System.Net;
using System.Text.Json;
using Caviar.Serving.Http;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Serving;

/// <summary>
/// Changing a variant's weight with <c>caviar deploy --update</c> (serve20): the new split is served, and an update that
/// would leave every weight 0 is refused as the start refuses it, the old weights serving on.
/// </summary>
[Collection(TabularModelsCollection.Name)]
public class WeightUpdateTests(TabularModels models)
{
    private static async Task<Dictionary<string, double>> Weights(EndpointProcess endpoint)
    {
        using var list = JsonDocument.Parse(await endpoint.Client.GetStringAsync("/admin/variants"));
        return list.RootElement.EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("weight").GetDouble());
    }

    [Fact]
    public async Task A_weight_update_that_leaves_no_traffic_is_refused_and_the_old_weights_serve_on()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "w", "--variant", $"a={models.LinearOnnx}:1", "--variant", $"b={models.GbtOnnx}:0");

        var refused = CliRunner.Run(artifacts.Path, "deploy", "w", "--update", "--variant", $"a={models.LinearOnnx}:0", "--artifacts", artifacts.Path);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("the weights would add up to 0", System.Text.RegularExpressions.Regex.Replace(refused.Error, @"\s+", " "));
        Assert.Equal(new Dictionary<string, double> { ["a"] = 1, ["b"] = 0 }, await Weights(endpoint));

        var moved = CliRunner.Run(artifacts.Path, "deploy", "w", "--update", "--variant", $"b={models.GbtOnnx}:1", "--artifacts", artifacts.Path);
        Assert.True(moved.ExitCode == 0, moved.All);
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 };
        for (int i = 0; i < 400; i++)
        {
            using var response = await endpoint.Invoke(models.Csv(0, 1), "text/csv");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            counts[response.Headers.GetValues(EndpointApp.VariantHeader).Single()]++;
        }
        // b ~ Binomial(400, 0.5): mean 200, sd 10; five sd either side.
        Assert.InRange(counts["b"], 150, 250);
    }
}

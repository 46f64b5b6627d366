using System.Text.Json;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Serving;

[Collection(TabularModelsCollection.Name)]
public class EndpointLifecycleTests(TabularModels models)
{
    [Fact]
    public async Task Endpoints_are_listed_undeployed_and_a_killed_one_is_dropped_and_can_start_again()
    {
        using var artifacts = new TempDirectory();
        using var first = await EndpointProcess.Start(artifacts.Path, "one", "--model", models.LinearOnnx);
        using var second = await EndpointProcess.Start(artifacts.Path, "two", "--model", models.GbtOnnx);

        var listed = JsonDocument.Parse(CliRunner.Run(artifacts.Path, "endpoints", "--json", "--artifacts", artifacts.Path).Output).RootElement;
        Assert.Equal(["one", "two"], listed.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(first.Url, listed[0].GetProperty("url").GetString());
        Assert.DoesNotContain(EndpointProcess.Token, listed.ToString());

        var twice = CliRunner.Run(artifacts.Path, "deploy", "one", "--model", models.LinearOnnx, "--port", "0", "--artifacts", artifacts.Path);
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("already runs", twice.Error);

        var undeploy = CliRunner.Run(artifacts.Path, "undeploy", "one", "--artifacts", artifacts.Path);
        Assert.True(undeploy.ExitCode == 0, undeploy.All);
        Assert.True(first.Process.WaitForExit(10_000));
        Assert.Equal(0, first.Process.ExitCode);
        Assert.False(File.Exists(first.RegistryFile));

        string row = models.Csv(0, 1);
        using var before = await second.Invoke(row, "text/csv", "application/json");
        float answer = ServingAnswers.Probabilities(await before.Content.ReadAsStringAsync())[0];
        second.Process.Kill();
        second.Process.WaitForExit();
        Assert.True(File.Exists(second.RegistryFile));   // killed: it could not clean up
        var none = CliRunner.Run(artifacts.Path, "endpoints", "--artifacts", artifacts.Path);
        Assert.Contains("No endpoint is running", none.Output);
        Assert.False(File.Exists(second.RegistryFile));

        using var again = await EndpointProcess.Start(artifacts.Path, "two", "--model", models.GbtOnnx);
        using var after = await again.Invoke(row, "text/csv", "application/json");
        Assert.Equal(answer, ServingAnswers.Probabilities(await after.Content.ReadAsStringAsync())[0]);

        var missing = CliRunner.Run(artifacts.Path, "undeploy", "nothing", "--artifacts", artifacts.Path);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no running endpoint named 'nothing'", missing.All);
    }
}

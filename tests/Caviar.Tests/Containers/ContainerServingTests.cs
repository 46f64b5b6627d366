using System.Globalization;
using System.Text.Json;
using Caviar.Containers;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Serving.Containers;
using Caviar.Tests.Cli;
using Caviar.Tests.Serving;
using Caviar.Tests.Support;

namespace Caviar.Tests.Containers;

/// <summary><c>caviar deploy --image</c>: the image that trained a model serves it behind Caviar's endpoint.</summary>
[Trait("Needs", "podman")]
public class ContainerServingTests
{
    [PodmanFact]
    public async Task The_image_that_trained_a_model_serves_it_through_caviars_endpoint()
    {
        using var dir = new TempDirectory();
        string artifacts = dir.File("artifacts");
        var spec = AlgoJobs.FromImage("trained", dir, ("epochs", 5), ("learning_rate", 0.1));
        var trained = await new TrainingJobRunner(TimeProvider.System).RunAsync(spec, "trained", dir.Path,
            JobDirectory.For(artifacts, "trained"));
        Assert.Equal(JobState.Completed, trained.State);
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(JobDirectory.For(artifacts, "trained").ModelDirectory, "model.json")));
        double w = model.RootElement.GetProperty("w").GetDouble(), b = model.RootElement.GetProperty("b").GetDouble();
        string container = ServingContainer.NameFor("algo", Path.Combine(artifacts, "endpoints"));
        try
        {
            using var endpoint = await EndpointProcess.Start(artifacts, "algo", "--image", ExampleImage.Ensure(), "--training-job", "trained");

            using var answer = await endpoint.Invoke("0.5\n1.5\n", "text/csv");
            if ((int)answer.StatusCode != 200)   // a full run once got 502 here: say what the endpoint and container said
                Assert.Fail($"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}\n{endpoint.Output}");
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{w * 0.5 + b:F6}\n{w * 1.5 + b:F6}\n"), await answer.Content.ReadAsStringAsync());
            Assert.StartsWith("text/csv", answer.Content.Headers.ContentType!.ToString());
            using (var anonymous = new HttpClient { BaseAddress = new Uri(endpoint.Url) })
            {
                using var refused = await anonymous.PostAsync("/invocations", new StringContent("1\n"));
                Assert.Equal(401, (int)refused.StatusCode);
                using var ping = await anonymous.GetAsync("/ping");
                Assert.Equal(200, (int)ping.StatusCode);
            }
            using var bad = await endpoint.Invoke("not a number\n", "text/csv");
            Assert.True(400 == (int)bad.StatusCode,   // the container's own answer, passed on
                $"{(int)bad.StatusCode}: {await bad.Content.ReadAsStringAsync()}\n{endpoint.Output}");
            string metrics = await endpoint.Client.GetStringAsync("/metrics");
            Assert.Equal(1, ServingAnswers.Metric(metrics, "caviar_endpoint_requests_total{variant=\"main\",protocol=\"sagemaker\"}"));
            Assert.Equal(1, ServingAnswers.Metric(metrics, "caviar_endpoint_errors_total{variant=\"main\",status=\"400\"}"));

            var undeployed = CliRunner.Run(artifacts, "undeploy", "algo", "--artifacts", artifacts);
            Assert.True(undeployed.ExitCode == 0, undeployed.All);
            Assert.True(endpoint.Process.WaitForExit(30_000), endpoint.Output);
            Assert.False(ContainerEngine.Find().ContainerExists(container));
        }
        finally
        {
            ContainerEngine.Find().StopAndRemove([container], TimeSpan.Zero);
        }
    }

    [PodmanFact]
    public void A_container_that_exits_before_answering_ping_is_refused_and_removed()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("empty-model"));
        ExampleImage.Ensure();
        var run = CliRunner.Run(dir.Path, "deploy", "broken", "--image", ExampleImage.Tag, "--model", "empty-model",
            "--port", "0", "--artifacts", dir.File("artifacts"));

        Assert.True(run.ExitCode == 2, run.All);
        Assert.Contains("error: --image: the container exited before it answered /ping", System.Text.RegularExpressions.Regex.Replace(run.All, @"\s+", " "));
        Assert.Contains("model.json", run.All);   // the container's own last words
        Assert.False(ContainerEngine.Find().ContainerExists(ServingContainer.NameFor("broken", Path.Combine(dir.File("artifacts"), "endpoints"))));
        Assert.False(File.Exists(Path.Combine(dir.File("artifacts"), "endpoints", "broken.json")));
    }
}

using System.Net;
using Caviar.Serving.Http;
using Caviar.Tests.Support;

namespace Caviar.Tests.Serving;

[Collection(TabularModelsCollection.Name)]
public class VariantTests(TabularModels models)
{
    [Fact]
    public async Task Traffic_splits_by_weight_each_answer_names_its_variant_and_metrics_count_per_variant()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "ab", "--variant", $"a={models.LinearOnnx}:3", "--variant", $"b={models.GbtOnnx}:1");
        string row = models.Csv(0, 1);
        async Task<float> Answer(string variant)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new StringContent(row) };
            request.Content.Headers.ContentType = new("text/csv");
            request.Headers.Add(EndpointApp.TargetVariantHeader, variant);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await endpoint.Client.SendAsync(request);
            Assert.Equal(variant, response.Headers.GetValues(EndpointApp.VariantHeader).Single());
            return ServingAnswers.Probabilities(await response.Content.ReadAsStringAsync())[0];
        }
        var byVariant = new Dictionary<string, float> { ["a"] = await Answer("a"), ["b"] = await Answer("b") };
        Assert.NotEqual(byVariant["a"], byVariant["b"]);

        const int requests = 800;
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 };
        for (int i = 0; i < requests; i++)
        {
            using var response = await endpoint.Invoke(row, "text/csv", "application/json");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            string variant = response.Headers.GetValues(EndpointApp.VariantHeader).Single();
            counts[variant]++;
            Assert.Equal(byVariant[variant], ServingAnswers.Probabilities(await response.Content.ReadAsStringAsync())[0]);   // the header tells the truth
        }
        // a ~ Binomial(800, 0.75): mean 600, sd 12.2; five sd either side.
        Assert.InRange(counts["a"], 600 - 61, 600 + 61);

        string metrics = await endpoint.Client.GetStringAsync("/metrics");
        Assert.Equal(counts["a"] + 1, ServingAnswers.Metric(metrics, "caviar_endpoint_requests_total{variant=\"a\",protocol=\"sagemaker\"}"));
        Assert.Equal(counts["b"] + 1, ServingAnswers.Metric(metrics, "caviar_endpoint_requests_total{variant=\"b\",protocol=\"sagemaker\"}"));
        Assert.Equal(counts["a"] + 1, ServingAnswers.Metric(metrics, "caviar_endpoint_request_duration_seconds_count{variant=\"a\"}"));
        Assert.Equal(counts["b"] + 1, ServingAnswers.Metric(metrics, "caviar_endpoint_batch_size_sum{variant=\"b\"}"));

        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new StringContent(row) };
        unknown.Content.Headers.ContentType = new("text/csv");
        unknown.Headers.Add(EndpointApp.TargetVariantHeader, "c");
        Assert.Equal(HttpStatusCode.BadRequest, (await endpoint.Client.SendAsync(unknown)).StatusCode);
    }

    [Fact]
    public async Task Requests_that_arrive_together_run_as_one_batch()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "batched", "--model", models.LinearOnnx,
            "--max-batch", "8", "--max-delay-us", "1000000");
        string[] rows = Enumerable.Range(0, 8).Select(i => models.Csv(i, 1)).ToArray();
        var alone = new float[8];
        var sequential = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 8; i++)
        {
            using var response = await endpoint.Invoke(rows[i], "text/csv", "application/json");
            alone[i] = ServingAnswers.Probabilities(await response.Content.ReadAsStringAsync())[0];
        }
        // A lone request (none other on its way) runs at once instead of waiting out the 1 s delay: 8 took far less than 8 s.
        Assert.InRange(sequential.Elapsed.TotalSeconds, 0, 4);
        // Eight connections open before the eight requests go, so they reach the server together.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => endpoint.Client.GetAsync("/ping")));
        var together = await Task.WhenAll(rows.Select(async row =>
        {
            using var response = await endpoint.Invoke(row, "text/csv", "application/json");
            return ServingAnswers.Probabilities(await response.Content.ReadAsStringAsync())[0];
        }));
        // Each request gets its own rows back out of the shared batch. ONNX Runtime's kernels may round a batch of 8
        // differently from a batch of 1 in the last bits (a probability near 0 came back 8.9e-8 instead of 6.0e-8 once
        // linear's normaliser centred the features), so each row's answer is compared to 1e-7.
        Assert.Equal(alone.Length, together.Length);
        Assert.All(alone.Zip(together), p => Assert.Equal(p.First, p.Second, 1e-7f));
        string metrics = await endpoint.Client.GetStringAsync("/metrics");
        Assert.Equal(16, ServingAnswers.Metric(metrics, "caviar_endpoint_batch_size_sum{variant=\"main\"}"));
        // The 8 sequential requests ran alone; the 8 concurrent ones shared batches. A batch waits (up to 1 s) only for
        // requests the server has already taken, so how many of the 8 reach it in time depends on the machine's load
        // (2 to 5 batches seen here on a loaded machine): fewer batches than requests is what is certain.
        Assert.InRange(ServingAnswers.Metric(metrics, "caviar_endpoint_batch_size_count{variant=\"main\"}"), 9, 15);
    }
}

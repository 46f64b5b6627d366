using System.Net;
using System.Text.Json;
using Caviar.Algorithms.Tabular;
using Caviar.Serving.Http;
using Caviar.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Caviar.Tests.Serving;

[Collection(TabularModelsCollection.Name)]
public class TabularServingTests(TabularModels models)
{
    /// <summary>What the trainer's ML.NET model (model.zip) says the probability of each row is.</summary>
    private float[] TrainerProbabilities(string modelDirectory)
    {
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(Path.Combine(modelDirectory, "model.zip"), out _);
        return model.Transform(MlDataViews.Binary(ml, models.Rows, l => l == 1)).GetColumn<float>("Probability").ToArray();
    }

    /// <summary>What ONNX Runtime, run directly on model.onnx, says the probability of each row is.</summary>
    private float[] OnnxProbabilities(string onnx)
    {
        using var session = new InferenceSession(onnx);
        var features = new DenseTensor<float>(models.Rows.Features.SelectMany(f => f).ToArray(), [models.Rows.Count, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("Features", features)], ["probabilities"]);
        return results.First().AsEnumerable<float>().Where((_, i) => i % 2 == 1).ToArray();   // class 1 of each row
    }

    private static float[] JsonProbabilities(string body) => ServingAnswers.Probabilities(body);

    [Theory]
    [InlineData("linear")]
    [InlineData("gbt")]
    public async Task Both_protocols_answer_what_the_trainers_model_predicts(string algorithm)
    {
        using var artifacts = new TempDirectory();
        string directory = algorithm == "linear" ? models.LinearDirectory : models.GbtDirectory;
        float[] expected = algorithm == "linear" ? TrainerProbabilities(directory) : OnnxProbabilities(Path.Combine(directory, "model.onnx"));
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "tabular", "--model", directory);

        using var json = await endpoint.Invoke(models.Csv(0, models.Rows.Count), "text/csv", "application/json");
        string jsonBody = await json.Content.ReadAsStringAsync();
        Assert.True(json.StatusCode == HttpStatusCode.OK, jsonBody);
        Assert.Equal("main", json.Headers.GetValues(EndpointApp.VariantHeader).Single());
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        var served = JsonProbabilities(jsonBody);
        Assert.Equal(expected.Length, served.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], served[i], 5);

        var instances = JsonSerializer.Serialize(new { instances = models.Rows.Features.Take(5) });
        using var fromJson = await endpoint.Invoke(instances, "application/json");
        Assert.Equal(served.Take(5), JsonProbabilities(await fromJson.Content.ReadAsStringAsync()));

        using var csv = await endpoint.Invoke(models.Csv(0, 5), "text/csv", "text/csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        // linear (ML.NET): PredictedLabel, Score, Probability; gbt (LightGBM): label, probabilities of classes 0 and 1
        var (probabilityOutput, perRow, csvColumn) = algorithm == "linear" ? ("Probability.output", 1, 2) : ("probabilities", 2, 2);
        Assert.All(lines, l => Assert.Equal(3, l.Split(',').Length));
        Assert.Equal(served.Take(5), lines.Select(l => float.Parse(l.Split(',')[csvColumn], System.Globalization.CultureInfo.InvariantCulture)));

        var v2 = await endpoint.InferV2(new
        {
            id = "r1",
            inputs = new[] { new { name = "Features", shape = new[] { 4, 3 }, datatype = "FP32", data = models.Rows.Features.Take(4).SelectMany(f => f) } },
            outputs = new[] { new { name = probabilityOutput } },
        });
        string v2Body = await v2.Content.ReadAsStringAsync();
        Assert.True(v2.StatusCode == HttpStatusCode.OK, v2Body);
        var answer = JsonDocument.Parse(v2Body).RootElement;
        Assert.Equal("tabular", answer.GetProperty("model_name").GetString());
        Assert.Equal("r1", answer.GetProperty("id").GetString());
        var output = answer.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal(probabilityOutput, output.GetProperty("name").GetString());
        Assert.Equal("FP32", output.GetProperty("datatype").GetString());
        Assert.Equal([4, perRow], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(served.Take(4), output.GetProperty("data").EnumerateArray().Select(d => d.GetSingle()).Where((_, i) => i % perRow == perRow - 1));
    }

    [Fact]
    public async Task The_v2_metadata_reads_inputs_outputs_shapes_and_types_from_the_model()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "meta", "--model", models.LinearOnnx);
        var metadata = JsonDocument.Parse(await endpoint.Client.GetStringAsync("/v2/models/meta")).RootElement;
        Assert.Equal("meta", metadata.GetProperty("name").GetString());
        Assert.Equal("onnxruntime_onnx", metadata.GetProperty("platform").GetString());
        var inputs = metadata.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.Equal("FP32", inputs["Features"].GetProperty("datatype").GetString());
        Assert.Equal([-1, 3], inputs["Features"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal("BOOL", inputs["Label"].GetProperty("datatype").GetString());
        var outputs = metadata.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal(["PredictedLabel.output", "Score.output", "Probability.output"], outputs.Keys);
        Assert.Equal("BOOL", outputs["PredictedLabel.output"].GetProperty("datatype").GetString());
        Assert.Equal("FP32", outputs["Probability.output"].GetProperty("datatype").GetString());

        Assert.Equal(HttpStatusCode.OK, (await endpoint.Client.GetAsync("/v2/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await endpoint.Client.GetAsync("/v2/models/meta/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await endpoint.Client.GetAsync("/v2/models/other")).StatusCode);
    }

    [Fact]
    public async Task Only_the_health_checks_answer_without_the_token()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "auth", "--model", models.LinearOnnx);
        using var anonymous = new HttpClient { BaseAddress = new Uri(endpoint.Url) };
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ping")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/v2/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/invocations", new StringContent("1,2,3"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v2/models/auth")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/admin/shutdown", null)).StatusCode);
        Assert.StartsWith("http://127.0.0.1:", endpoint.Url);
    }
}

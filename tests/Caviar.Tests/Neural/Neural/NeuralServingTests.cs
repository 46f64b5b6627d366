using System.Globalization;
using System.Net;
using System.Text.Json;
using Caviar.Algorithms.Data;
using Caviar.Algorithms.Neural;
using Caviar.Algorithms.Onnx;
using Caviar.Serving.Http;
using Caviar.Tests.Algorithms;
using Caviar.Tests.Support;
using TorchSharp;

namespace Caviar.Tests.Serving;

[Collection(FashionMnistCollection.Name)]
public class NeuralServingTests(FashionMnistFixture data)
{
    private const int Rows = 64;

    private string Train(TempDirectory dir, NeuralSettings settings)
    {
        var (train, validation) = DataSplit.Indices(2000, 0.2, seed: 1);
        var subset = data.Train.First(2000);
        new NeuralTrainer(settings, TextWriter.Null).Train(subset.Take(train), subset.Take(validation), null, 10, dir.File("ck"), dir.File("model"));
        return dir.File("model");
    }

    /// <summary>The trained network's own logits (TorchSharp) for the first test rows.</summary>
    private float[] TorchLogits(string model, int rows)
    {
        var (config, network) = NeuralModel.Load(model);
        using var _ = network;
        network.eval();
        using var noGrad = torch.no_grad();
        var test = data.Test.First(rows);
        long[] shape = config.Settings.Architecture == "cnn" ? [rows, .. config.ImageShape!.Select(d => (long)d)] : [rows, config.InputFeatures];
        using var input = torch.tensor(test.Values, shape);
        using var output = network.call(input);
        return output.data<float>().ToArray();
    }

    private static float[] Predictions(string body) => JsonDocument.Parse(body).RootElement.GetProperty("predictions").EnumerateArray()
        .SelectMany(p => p.EnumerateArray().Select(v => v.GetSingle())).ToArray();

    private static int[] ArgMax(float[] logits, int classes) => Enumerable.Range(0, logits.Length / classes)
        .Select(r => Enumerable.Range(0, classes).MaxBy(c => logits[r * classes + c])).ToArray();

    [Fact]
    public async Task An_mlp_folder_is_served_as_its_onnx_export_with_the_networks_logits_and_an_int8_variant_beside_it()
    {
        using var dir = new TempDirectory();
        string model = Train(dir, new NeuralSettings { HiddenUnits = [32], Epochs = 1, Threads = 2 });
        ModelOptimizer.Run(model, ImageDataSets.FashionMnistDirectory, Path.Combine(model, "optimized"), new OptimizeOptions { TestExamples = 100 }, TextWriter.Null);
        var expected = TorchLogits(model, Rows);
        using var endpoint = await EndpointProcess.Start(dir.Path, "mlp", "--model", model,
            "--variant", $"int8={Path.Combine(model, "optimized", "model-int8.onnx")}:0");

        var test = data.Test.First(Rows);
        var instances = JsonSerializer.Serialize(new { instances = Enumerable.Range(0, Rows).Select(r => test.Values.Skip(r * 784).Take(784)) });
        using var response = await endpoint.Invoke(instances, "application/json");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var served = Predictions(body);
        Assert.Equal(expected.Length, served.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], served[i], 3);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new StringContent(instances) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(EndpointApp.TargetVariantHeader, "int8");
        using var int8 = await endpoint.Client.SendAsync(request);
        Assert.Equal("int8", int8.Headers.GetValues(EndpointApp.VariantHeader).Single());
        var quantized = Predictions(await int8.Content.ReadAsStringAsync());
        Assert.NotEqual(served, quantized);
        double agreement = ArgMax(quantized, 10).Zip(ArgMax(expected, 10)).Count(p => p.First == p.Second) / (double)Rows;
        Assert.True(agreement >= 0.9, $"int8 agrees with fp32 on {agreement:P0} of the rows");
    }

    [Fact]
    public async Task A_cnn_answers_v2_requests_shaped_as_images_with_the_networks_logits()
    {
        using var dir = new TempDirectory();
        string model = Train(dir, new NeuralSettings { Architecture = "cnn", ConvChannels = [4, 8], HiddenUnits = [16], Epochs = 1, Threads = 2 });
        var expected = TorchLogits(model, Rows);
        using var endpoint = await EndpointProcess.Start(dir.Path, "cnn", "--model", model);

        var metadata = JsonDocument.Parse(await endpoint.Client.GetStringAsync("/v2/models/cnn")).RootElement;
        var input = metadata.GetProperty("inputs")[0];
        Assert.Equal("input", input.GetProperty("name").GetString());
        Assert.Equal([-1, 1, 28, 28], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal([-1, 10], metadata.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));

        var test = data.Test.First(Rows);
        using var response = await endpoint.InferV2(new { inputs = new[] { new { name = "input", shape = new[] { Rows, 1, 28, 28 }, datatype = "FP32", data = test.Values } } });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var output = JsonDocument.Parse(body).RootElement.GetProperty("outputs")[0];
        Assert.Equal([Rows, 10], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var served = output.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], served[i], 3);

        string csvRow = string.Join(",", test.Values.Take(784).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        using var csv = await endpoint.Invoke(csvRow, "text/csv");
        var line = (await csv.Content.ReadAsStringAsync()).Trim().Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(served.Take(10), line);
    }
}

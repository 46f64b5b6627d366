using System.Net;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Cli;
using Caviar.Tests.Support;

namespace Caviar.Tests.Serving;

[Collection(TabularModelsCollection.Name)]
public class BadInputTests(TabularModels models)
{
    private static async Task Refused(Task<HttpResponseMessage> call, HttpStatusCode status, string reason)
    {
        using var response = await call;
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.Contains(reason, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    private static object V2(string name, long[] shape, string datatype, object data) =>
        new { inputs = new[] { new { name, shape, datatype, data } } };

    [Fact]
    public async Task Every_bad_request_is_refused_with_its_row_or_input_named_and_the_next_one_is_served()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "strict", "--model", models.LinearOnnx, "--max-body", "1KB");
        async Task Served()
        {
            using var good = await endpoint.Invoke("0.1,0.2,0.3", "text/csv");
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        }

        await Refused(endpoint.Invoke("0.1,0.2,0.3\n0.1,0.2,0.3,0.4", "text/csv"), HttpStatusCode.BadRequest, "row 2 has 4 values; the model takes 3");
        await Served();
        await Refused(endpoint.Invoke("0.1,0.2,0.3\n0.5,abc,0.1", "text/csv"), HttpStatusCode.BadRequest, "row 2, column 2: 'abc' is not a number");
        await Refused(endpoint.Invoke("", "text/csv"), HttpStatusCode.BadRequest, "the body is empty");
        await Refused(endpoint.Invoke("\n\n", "text/csv"), HttpStatusCode.BadRequest, "the body holds no rows");
        string big = string.Join("\n", Enumerable.Repeat("0.1,0.2,0.3", 200));
        await Refused(endpoint.Invoke(big, "text/csv"), HttpStatusCode.RequestEntityTooLarge, "at most 1024 (--max-body)");
        await Served();

        await Refused(endpoint.Invoke("{\"instances\": [[1,2,3],[1,2]]}", "application/json"), HttpStatusCode.BadRequest, "instance 2 has 2 values; the model takes 3");
        await Refused(endpoint.Invoke("{\"instances\": [[1,\"x\",3]]}", "application/json"), HttpStatusCode.BadRequest, "instance 1: \"x\" is not a number");
        await Refused(endpoint.Invoke("{\"instances\": [[1,2,3]", "application/json"), HttpStatusCode.BadRequest, "the body is not JSON");
        await Refused(endpoint.Invoke("{\"rows\": []}", "application/json"), HttpStatusCode.BadRequest, "{\"instances\"");
        await Refused(endpoint.Invoke("1,2,3", "text/plain"), HttpStatusCode.UnsupportedMediaType, "neither text/csv nor application/json");
        await Refused(endpoint.Invoke("1,2,3", "text/csv", "image/png"), HttpStatusCode.NotAcceptable, "Accept 'image/png'");
        await Served();

        await Refused(endpoint.InferV2(V2("Features", [1, 3], "INT64", new[] { 1, 2, 3 })), HttpStatusCode.BadRequest, "input 'Features' has datatype 'INT64'; the model takes FP32");
        await Refused(endpoint.InferV2(V2("Features", [1, 4], "FP32", new[] { 1, 2, 3, 4 })), HttpStatusCode.BadRequest, "input 'Features' has shape [1, 4]; the model takes [-1, 3]");
        await Refused(endpoint.InferV2(V2("Features", [2, 3], "FP32", new[] { 1, 2, 3 })), HttpStatusCode.BadRequest, "input 'Features' has 3 values; its shape [2, 3] needs 6");
        await Refused(endpoint.InferV2(V2("Features", [1, 3], "FP32", new object[] { 1, "a", 3 })), HttpStatusCode.BadRequest, "input 'Features': \"a\" is not a number");
        await Refused(endpoint.InferV2(V2("pixels", [1, 3], "FP32", new[] { 1, 2, 3 })), HttpStatusCode.BadRequest, "input 'pixels' is not an input of the model");
        await Refused(endpoint.InferV2(V2("Label", [1, 1], "BOOL", new[] { true })), HttpStatusCode.BadRequest, "input 'Features' is missing");
        await Refused(endpoint.Client.PostAsync("/v2/models/strict/infer", new StringContent("", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "the body is empty");
        await Refused(endpoint.Client.PostAsync("/v2/models/strict/infer", new StringContent(big, Encoding.UTF8, "application/json")), HttpStatusCode.RequestEntityTooLarge, "--max-body");
        await Served();

        string metrics = await endpoint.Client.GetStringAsync("/metrics");
        Assert.True(metrics.Contains("caviar_endpoint_errors_total{variant=\"main\",status=\"400\"} 15"), metrics);
        Assert.Contains("caviar_endpoint_errors_total{variant=\"main\",status=\"413\"} 2", metrics);
        Assert.Contains("caviar_endpoint_requests_total{variant=\"main\",protocol=\"sagemaker\"} 4", metrics);
        Assert.False(endpoint.Process.HasExited);
    }

    [Fact]
    public void A_missing_or_corrupt_model_is_refused_at_start()
    {
        using var dir = new TempDirectory();
        var missing = CliRunner.Run(dir.Path, "deploy", "m", "--model", dir.File("none.onnx"), "--port", "0", "--artifacts", dir.Path);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no model file or folder at", missing.Error);

        File.WriteAllText(dir.File("corrupt.onnx"), "this is not a protobuf");
        var corrupt = CliRunner.Run(dir.Path, "deploy", "c", "--model", dir.File("corrupt.onnx"), "--port", "0", "--artifacts", dir.Path);
        Assert.Equal(2, corrupt.ExitCode);
        Assert.Contains("is not a model ONNX Runtime can load", System.Text.RegularExpressions.Regex.Replace(corrupt.Error, @"\s+", " "));
        Assert.False(File.Exists(Path.Combine(dir.Path, "endpoints", "c.json")));

        var badVariant = CliRunner.Run(dir.Path, "deploy", "v", "--model", models.LinearOnnx, "--variant", "b=" + models.GbtOnnx + ":-1", "--port", "0");
        Assert.Equal(2, badVariant.ExitCode);
        Assert.Contains("must be a finite number >= 0", badVariant.Error);
    }
}

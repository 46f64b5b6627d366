using System.Net;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Support;

namespace Caviar.Tests.Serving;

/// <summary>
/// What a KServe V2 user tried (serve20): the version the metadata lists is served under <c>/versions/1</c>, another
/// version is refused with a reason, and a malformed <c>outputs</c> list is a 400 naming the entry, never a 500.
/// </summary>
[Collection(TabularModelsCollection.Name)]
public class V2VersionsAndOutputsTests(TabularModels models)
{
    private static async Task<(HttpStatusCode Status, string Body)> Answer(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task Refused(Task<HttpResponseMessage> call, HttpStatusCode status, string reason)
    {
        var (code, body) = await Answer(call);
        Assert.True(code == status, $"{code}: {body}");
        Assert.Contains(reason, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    private object Request(object? outputs = null)
    {
        var row = models.Rows.Features[0];
        var input = new { name = "Features", shape = new[] { 1, row.Length }, datatype = "FP32", data = row };
        return outputs is null ? new { inputs = new[] { input } } : new { inputs = new[] { input }, outputs };
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_listed_version_is_served_another_is_refused_and_bad_outputs_are_named()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "kv", "--model", models.GbtOnnx);
        var client = endpoint.Client;

        var metadata = await Answer(client.GetAsync("/v2/models/kv"));
        Assert.Equal("1", JsonDocument.Parse(metadata.Body).RootElement.GetProperty("versions")[0].GetString());
        var versioned = await Answer(client.GetAsync("/v2/models/kv/versions/1"));
        Assert.True(versioned.Status == HttpStatusCode.OK, $"{versioned.Status}: {versioned.Body}");
        Assert.Equal(metadata.Body, versioned.Body);
        Assert.Equal(HttpStatusCode.OK, (await Answer(client.GetAsync("/v2/models/kv/versions/1/ready"))).Status);
        var plain = await Answer(client.PostAsync("/v2/models/kv/infer", Json(Request())));
        var inVersion = await Answer(client.PostAsync("/v2/models/kv/versions/1/infer", Json(Request())));
        Assert.True(inVersion.Status == HttpStatusCode.OK, $"{inVersion.Status}: {inVersion.Body}");
        Assert.Equal(plain.Body, inVersion.Body);

        await Refused(client.GetAsync("/v2/models/kv/versions/7"), HttpStatusCode.NotFound, "model 'kv' has no version '7' (it has 1)");
        await Refused(client.GetAsync("/v2/models/kv/versions/7/ready"), HttpStatusCode.NotFound, "model 'kv' has no version '7'");
        await Refused(client.PostAsync("/v2/models/kv/versions/7/infer", Json(Request())), HttpStatusCode.NotFound, "model 'kv' has no version '7'");
        await Refused(client.PostAsync("/v2/models/other/versions/1/infer", Json(Request())), HttpStatusCode.NotFound, "no model named 'other'");

        await Refused(client.PostAsync("/v2/models/kv/infer", Json(Request(new object[] { new { name = 5 } }))), HttpStatusCode.BadRequest,
            "output 1 has no name");
        await Refused(client.PostAsync("/v2/models/kv/infer", Json(Request(new object[] { new { name = "label" }, "probabilities" }))),
            HttpStatusCode.BadRequest, "output 2 has no name");
        await Refused(client.PostAsync("/v2/models/kv/infer", Json(Request(new { name = "label" }))), HttpStatusCode.BadRequest,
            "\"outputs\" must be an array");
        var one = await Answer(client.PostAsync("/v2/models/kv/infer", Json(Request(new object[] { new { name = "label" } }))));
        Assert.True(one.Status == HttpStatusCode.OK, one.Body);
        Assert.Equal(["label"], JsonDocument.Parse(one.Body).RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));

        string metrics = await client.GetStringAsync("/metrics");
        Assert.Equal(0, ServingAnswers.Metric(metrics, "caviar_endpoint_errors_total{variant=\"main\",status=\"500\"}"));
        Assert.False(endpoint.Process.HasExited);
    }
}

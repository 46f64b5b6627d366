using Caviar.Tests.Support;

namespace Caviar.Tests.Serving;

/// <summary>
/// What a user reading a refusal with curl sees (serve20): the reason as written, quotes and apostrophes unescaped
/// (they came back as <c>\u0027</c> and <c>\u0022</c>), as the endpoint's other JSON answers already were.
/// </summary>
[Collection(TabularModelsCollection.Name)]
public class RefusalTextTests(TabularModels models)
{
    [Fact]
    public async Task A_refusal_body_holds_its_reason_as_written()
    {
        using var artifacts = new TempDirectory();
        using var endpoint = await EndpointProcess.Start(artifacts.Path, "plain", "--model", models.GbtOnnx);

        using var cell = await endpoint.Invoke("0.1,abc,0.3", "text/csv");
        Assert.Equal("{\"error\":\"row 1, column 2: 'abc' is not a number\"}", await cell.Content.ReadAsStringAsync());
        using var shape = await endpoint.Invoke("{\"rows\": []}", "application/json");
        Assert.Equal("{\"error\":\"the body must be {\\\"instances\\\": [[...], ...]}\"}", await shape.Content.ReadAsStringAsync());
        using var unknown = await endpoint.Client.GetAsync("/v2/models/other");
        Assert.Equal("{\"error\":\"no model named 'other' (this endpoint serves 'plain')\"}", await unknown.Content.ReadAsStringAsync());
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

/// <summary>/api/studies over real HTTP (the Python client's suite covers the rest through a real caviar serve).</summary>
public class AskTellApiTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private const string Space = """[ { "type": "continuous", "name": "x", "minValue": 0, "maxValue": 1 } ]""";

    [Theory]
    [InlineData($$"""{ "name": "s", "space": {{Space}}, "strategy": "Hyperband" }""", "hyperband")]
    [InlineData($$"""{ "name": "s", "space": {{Space}}, "hyperband": { "maxResource": 9 } }""", "hyperband")]
    [InlineData($$"""{ "name": "s", "space": {{Space}}, "strategy": "annealing" }""", "strategy")]
    [InlineData("""{ "name": "s", "space": [] }""", "space")]
    [InlineData("""{ "name": "s" }""", "space")]
    [InlineData($$"""{ "name": "../s", "space": {{Space}} }""", "name")]
    [InlineData($$"""{ "name": "s", "space": {{Space}}, "direction": "Sideways" }""", "direction")]
    public async Task Bad_studies_are_refused_naming_the_field(string json, string field)
    {
        await using var server = await ApiServer.StartAsync();
        var response = await server.Client.PostAsync("/api/studies", Json(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await Body(response)).GetProperty("field").GetString());
        Assert.Equal(0, (await Body(await server.Client.GetAsync("/api/tuning-jobs"))).GetArrayLength());
    }

    [Fact]
    public async Task An_ask_tell_study_is_listed_as_a_tuning_job_and_a_tuning_job_cannot_be_asked()
    {
        await using var server = await ApiServer.StartAsync();
        var created = await server.Client.PostAsync("/api/studies",
            Json($$"""{ "name": "at", "direction": "Maximize", "space": {{Space}}, "strategy": "Random" }"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var trial = await Body(await server.Client.PostAsync("/api/studies/at/ask", null));
        double x = trial.GetProperty("params").GetProperty("x").GetDouble();
        var told = await server.Client.PostAsync($"/api/studies/at/trials/{trial.GetProperty("id").GetInt64()}/tell",
            Json($$"""{ "value": {{(x * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)}} }"""));
        Assert.Equal(HttpStatusCode.OK, told.StatusCode);

        var described = await Body(await server.Client.GetAsync("/api/tuning-jobs/at"));
        Assert.Equal("Maximize", described.GetProperty("direction").GetString());
        Assert.Equal(x * 2, described.GetProperty("best").GetProperty("value").GetDouble(), 12);

        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/api/tuning-jobs", Json("""
            { "name": "fn", "objective": { "function": "branin" }, "strategy": "Random", "limits": { "maxTrials": 2 } }
            """))).StatusCode);
        var refused = await server.Client.PostAsync("/api/studies/fn/ask", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("name", (await Body(refused)).GetProperty("field").GetString());

        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/studies/at/ask", null)).StatusCode);
    }
}

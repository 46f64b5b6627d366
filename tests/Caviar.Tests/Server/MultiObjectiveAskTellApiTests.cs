using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

/// <summary>
/// Ask/tell over real HTTP with several objectives: a study created with directions is told one value per objective
/// (checked against its directions, naming the field), constraint values with them, and its Pareto front is the API's.
/// </summary>
public class MultiObjectiveAskTellApiTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private const string Space = """[ { "type": "continuous", "name": "x", "minValue": 0, "maxValue": 1 }, { "type": "continuous", "name": "y", "minValue": 0, "maxValue": 1 } ]""";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData($$"""{ "name": "s", "space": {{Space}}, "directions": ["Maximize"] }""", "directions")]
    [InlineData($$"""{ "name": "s", "space": {{Space}}, "directions": ["Maximize", "Minimize", "Minimize", "Minimize", "Minimize"] }""", "directions")]
    [InlineData($$"""{ "name": "s", "space": {{Space}}, "direction": "Maximize", "directions": ["Maximize", "Minimize"] }""", "directions")]
    [InlineData($$"""{ "name": "s", "space": {{Space}}, "directions": ["Maximize", "Minimize"], "earlyStopping": "Auto" }""", "earlyStopping")]
    [InlineData($$"""{ "name": "s", "space": {{Space}}, "directions": ["Maximize", "Minimize"], "strategy": "GP" }""", "strategy")]
    public async Task Bad_studies_of_several_objectives_are_refused_naming_the_field(string json, string field)
    {
        await using var server = await ApiServer.StartAsync();
        var response = await server.Client.PostAsync("/api/studies", Json(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await Body(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Values_are_told_one_per_objective_and_the_pareto_front_is_the_non_dominated_feasible_trials()
    {
        await using var server = await ApiServer.StartAsync();
        var created = await Body(await server.Client.PostAsync("/api/studies",
            Json($$"""{ "name": "mo", "directions": ["Maximize", "Minimize"], "space": {{Space}}, "seed": 4 }""")));
        Assert.Equal(["Maximize", "Minimize"], created.GetProperty("directions").EnumerateArray().Select(d => d.GetString()));
        var conflict = await server.Client.PostAsync("/api/studies",
            Json($$"""{ "name": "mo", "directions": ["Minimize", "Minimize"], "space": {{Space}} }"""));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("directions", (await Body(conflict)).GetProperty("field").GetString());

        var told = new List<(int Number, double Accuracy, double Latency, bool Feasible)>();
        for (int i = 0; i < 20; i++)
        {
            var trial = await Body(await server.Client.PostAsync("/api/studies/mo/ask", null));
            long id = trial.GetProperty("id").GetInt64();
            double x = trial.GetProperty("params").GetProperty("x").GetDouble(), y = trial.GetProperty("params").GetProperty("y").GetDouble();
            string tell = $"/api/studies/mo/trials/{id}/tell";
            if (i == 0)
                foreach (var (body, field) in new[]
                         {
                             ("""{ "value": 1 }""", "value"), ("""{ "values": [1] }""", "values"), ("""{ "values": [1, 2, 3] }""", "values"),
                             ("{}", "values"), ("""{ "values": [1, 2], "state": "Failed" }""", "state"),
                             ("""{ "state": "Failed", "constraints": [1] }""", "constraints"),
                         })
                {
                    var refused = await server.Client.PostAsync(tell, Json(body));
                    Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, body);
                    Assert.Equal(field, (await Body(refused)).GetProperty("field").GetString());
                }
            double latency = x * x + y, constraint = x - 0.9;
            var answer = await Body(await server.Client.PostAsync(tell,
                Json($$"""{ "values": [{{Number(x)}}, {{Number(latency)}}], "constraints": [{{Number(constraint)}}] }""")));
            Assert.Equal([x, latency], answer.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
            Assert.Equal(constraint <= 0, answer.GetProperty("feasible").GetBoolean());
            told.Add((trial.GetProperty("number").GetInt32(), x, latency, constraint <= 0));
        }

        var feasible = told.Where(t => t.Feasible).ToList();
        var expected = feasible.Where(t => !feasible.Any(o => o.Accuracy >= t.Accuracy && o.Latency <= t.Latency &&
                                                              (o.Accuracy > t.Accuracy || o.Latency < t.Latency)))
            .Select(t => t.Number).Order().ToList();
        var front = await Body(await server.Client.GetAsync("/api/tuning-jobs/mo/pareto-front"));
        Assert.Equal(expected, front.GetProperty("front").EnumerateArray().Select(t => t.GetProperty("number").GetInt32()).Order());
        var summary = await Body(await server.Client.GetAsync("/api/tuning-jobs/mo"));
        Assert.Equal(["Maximize", "Minimize"], summary.GetProperty("directions").EnumerateArray().Select(d => d.GetString()));
    }
}

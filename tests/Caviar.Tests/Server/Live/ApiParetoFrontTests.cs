using System.Net;
using System.Text;
using System.Text.Json;
using Caviar.Tests.MultiObjective;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

/// <summary>
/// A two-objective, constrained tuning job posted to the API runs its real script jobs; the job's summary, its trials and
/// GET .../pareto-front show the values, the front and the hypervolume (default and given reference points).
/// </summary>
public class ApiParetoFrontTests
{
    [Fact]
    public async Task The_api_gives_the_front_the_reference_point_and_the_hypervolume_over_trials()
    {
        await using var server = await ApiServer.StartAsync();
        var spec = new StringContent(MultiObjectiveTuningCliTests.Spec("api-mo"), Encoding.UTF8, "application/json");
        var created = await server.Client.PostAsync("/api/tuning-jobs", spec);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        JsonElement described = default;
        await Eventually.True(() =>
        {
            described = JsonDocument.Parse(server.Client.GetStringAsync("/api/tuning-jobs/api-mo").Result).RootElement;
            return described.GetProperty("states").GetProperty("Completed").GetInt32() == 8 && !described.GetProperty("running").GetBoolean();
        }, 120);
        Assert.Equal(["Maximize", "Minimize"], described.GetProperty("directions").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(["acc", "latency_ms"], described.GetProperty("objectives").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(JsonValueKind.Null, described.GetProperty("best").ValueKind);

        var trials = JsonDocument.Parse(await server.Client.GetStringAsync("/api/tuning-jobs/api-mo/trials")).RootElement.EnumerateArray().ToList();
        var frontNumbers = trials
            .Where(t => t.GetProperty("params").GetProperty("y").GetInt64() == 0 && t.GetProperty("params").GetProperty("x").GetInt64() < 3)
            .Select(t => t.GetProperty("number").GetInt32()).Order().ToList();
        Assert.Equal(frontNumbers, described.GetProperty("paretoFront").GetProperty("trials").EnumerateArray().Select(n => n.GetInt32()));
        foreach (var trial in trials)
        {
            long x = trial.GetProperty("params").GetProperty("x").GetInt64(), y = trial.GetProperty("params").GetProperty("y").GetInt64();
            Assert.Equal([x - y, x], trial.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
            Assert.Equal(x < 3, trial.GetProperty("feasible").GetBoolean());
        }

        // Feasible values: acc from -1 to 2, latency from 0 to 2; the reference lies 10% of each span past the worst.
        var pareto = JsonDocument.Parse(await server.Client.GetStringAsync("/api/tuning-jobs/api-mo/pareto-front")).RootElement;
        Assert.Equal(["acc:Maximize", "latency_ms:Minimize"], pareto.GetProperty("objectives").EnumerateArray()
            .Select(o => $"{o.GetProperty("name").GetString()}:{o.GetProperty("direction").GetString()}"));
        Assert.Equal(["size_kib ≤ 25"], pareto.GetProperty("constraints").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(frontNumbers, pareto.GetProperty("front").EnumerateArray().Select(t => t.GetProperty("number").GetInt32()));
        var reference = pareto.GetProperty("referencePoint").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(-1.3, reference[0], 9);
        Assert.Equal(2.2, reference[1], 9);
        // Front (0, 0), (1, 1), (2, 2) against (-1.3, 2.2): 0.2·1 + 1.2·1 + 2.2·1.3 = 4.26.
        Assert.Equal(4.26, pareto.GetProperty("hypervolume").GetDouble(), 9);
        var history = pareto.GetProperty("hypervolumeHistory").EnumerateArray()
            .Select(h => (h.GetProperty("number").GetInt32(), h.GetProperty("hypervolume").GetDouble())).ToList();
        Assert.Equal(6, history.Count);                                   // the feasible trials, in number order
        Assert.Equal(history.OrderBy(h => h.Item1), history);
        Assert.True(history.Zip(history.Skip(1)).All(p => p.Second.Item2 >= p.First.Item2));
        Assert.Equal(4.26, history[^1].Item2, 9);

        var given = JsonDocument.Parse(await server.Client.GetStringAsync("/api/tuning-jobs/api-mo/pareto-front?reference=-1,3")).RootElement;
        Assert.Equal(6, given.GetProperty("hypervolume").GetDouble(), 9);   // 1·1 + 2·1 + 3·1

        var bad = await server.Client.GetAsync("/api/tuning-jobs/api-mo/pareto-front?reference=1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("reference", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());

        var importance = await server.Client.GetAsync("/api/tuning-jobs/api-mo/importance?objective=latency_ms");
        Assert.True(importance.IsSuccessStatusCode);
        // latency_ms is x alone: x is the more important of the two.
        var ranked = JsonDocument.Parse(await importance.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal("x", ranked[0]);
        var unknown = await server.Client.GetAsync("/api/tuning-jobs/api-mo/importance?objective=size");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }
}

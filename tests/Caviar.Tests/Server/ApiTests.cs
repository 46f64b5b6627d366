using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

public class ApiTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private const string BraninJob = """
        { "name": "api-branin", "objective": { "function": "branin" }, "strategy": "Random", "limits": { "maxTrials": 8, "maxParallel": 2 } }
        """;

    [Fact]
    public async Task Requests_without_the_bearer_token_are_refused()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tuning-jobs")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/tuning-jobs", Json(BraninJob))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/tuning-jobs")).StatusCode);
    }

    [Fact]
    public async Task A_tuning_job_is_created_run_described_and_listed()
    {
        await using var server = await ApiServer.StartAsync();
        var created = await server.Client.PostAsync("/api/tuning-jobs", Json(BraninJob));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        JsonElement described = default;
        await Eventually.True(() =>
        {
            described = Body(server.Client.GetAsync("/api/tuning-jobs/api-branin").Result).Result;
            return described.GetProperty("states").GetProperty("Completed").GetInt32() == 8 && !described.GetProperty("running").GetBoolean();
        });
        Assert.Equal("Minimize", described.GetProperty("direction").GetString());
        Assert.True(described.GetProperty("best").GetProperty("params").TryGetProperty("x1", out _));

        var trials = await Body(await server.Client.GetAsync("/api/tuning-jobs/api-branin/trials"));
        Assert.Equal(8, trials.GetArrayLength());
        var list = await Body(await server.Client.GetAsync("/api/tuning-jobs"));
        Assert.Equal("api-branin", list[0].GetProperty("name").GetString());

        var again = await server.Client.PostAsync("/api/tuning-jobs", Json(BraninJob));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);   // a name already taken: 409 (was 400 before issue 19)
        Assert.Equal("name", (await Body(again)).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{ "name": "x", "objective": { "function": "branin" }, "limits": { "maxTrals": 3 } }""", "limits.maxTrals")]
    [InlineData("""{ "name": "x", "objective": { "function": "branin" }, "hyperParameterRanges": [ { "type": "continuous", "name": "x1", "minValue": 5, "maxValue": 1 } ] }""", "hyperParameterRanges[0].minValue")]
    [InlineData("""{ "name": "../../etc", "objective": { "function": "branin" } }""", "name")]
    [InlineData("""{ "name": "x", "objective": """, "objective")]
    public async Task Bad_tuning_specs_are_refused_naming_the_field(string json, string field)
    {
        await using var server = await ApiServer.StartAsync();
        var response = await server.Client.PostAsync("/api/tuning-jobs", Json(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await Body(response);
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("reason").GetString()));
        Assert.Equal(0, (await Body(await server.Client.GetAsync("/api/tuning-jobs"))).GetArrayLength());
    }

    [Fact]
    public async Task A_spec_with_several_bad_fields_is_answered_400_listing_them_all()
    {
        await using var server = await ApiServer.StartAsync();
        var response = await server.Client.PostAsync("/api/tuning-jobs", Json("""
            { "name": "x", "objective": { "function": "branin" }, "strategy": "annealing", "limits": { "maxTrials": 0, "maxParallel": 0 } }
            """));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await Body(response);
        Assert.Equal("strategy", body.GetProperty("field").GetString());
        Assert.Equal(["strategy", "limits.maxTrials", "limits.maxParallel"],
            body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/tuning-jobs/x")).StatusCode);
    }

    [Theory]
    [InlineData("/api/training-jobs/..%2F..%2Fetc")]
    [InlineData("/api/training-jobs/.hidden")]
    [InlineData("/api/tuning-jobs/..%2Fother/trials")]
    public async Task Names_that_could_leave_the_artifacts_folder_are_refused(string path)
    {
        await using var server = await ApiServer.StartAsync();
        var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("name", (await Body(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_training_job_runs_and_a_running_one_can_be_stopped()
    {
        await using var server = await ApiServer.StartAsync();
        string Spec(string name, string script) => JsonSerializer.Serialize(new
        {
            name, command = new[] { "/bin/bash", "-c", script },
            metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
        });
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/api/training-jobs", Json(Spec("quick", "echo epoch=1 loss=0.5")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/api/training-jobs", Json(Spec("slow", "echo started; sleep 60")))).StatusCode);

        string? StateOf(string job)
        {
            var response = server.Client.GetAsync($"/api/training-jobs/{job}").Result;   // 404 until the job writes its status
            return response.StatusCode == HttpStatusCode.OK ? Body(response).Result.GetProperty("state").GetString() : null;
        }
        await Eventually.True(() => StateOf("quick") == "Completed");
        var quick = await Body(await server.Client.GetAsync("/api/training-jobs/quick"));
        Assert.Equal(0.5, quick.GetProperty("finalMetrics").GetProperty("loss").GetDouble());

        await Eventually.True(() => StateOf("slow") == "Running");
        Assert.Equal(HttpStatusCode.Accepted, (await server.Client.PostAsync("/api/training-jobs/slow/stop", null)).StatusCode);
        await Eventually.True(() => StateOf("slow") == "Stopped");
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/training-jobs/never")).StatusCode);
    }

    [Fact]
    public async Task Metrics_stream_as_server_sent_events()
    {
        await using var server = await ApiServer.StartAsync();
        string spec = JsonSerializer.Serialize(new
        {
            name = "streamed",
            objective = new { type = "Minimize", metricName = "loss" },
            trainingJob = new
            {
                command = new[] { "/bin/bash", "-c", ShellJobs.CheckpointingCounter },
                metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
                environment = new Dictionary<string, string> { ["EPOCHS"] = "3", ["SLEEP"] = "0.1" },
            },
            strategy = "Random",
            hyperParameterRanges = new object[] { new { type = "integer", name = "width", minValue = 1, maxValue = 4 } },
            limits = new { maxTrials = 2, maxParallel = 1 },
        });
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/api/tuning-jobs", Json(spec))).StatusCode);
        using var response = await server.Client.GetAsync("/api/tuning-jobs/streamed/metrics/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        string events = await response.Content.ReadAsStringAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(6, events.Split('\n').Count(l => l == "event: intermediate"));
        Assert.Equal(2, events.Split('\n').Count(l => l == "event: trial"));
        Assert.EndsWith("event: done\ndata: {\"name\":\"streamed\",\"trials\":2}\n\n", events);
    }
}

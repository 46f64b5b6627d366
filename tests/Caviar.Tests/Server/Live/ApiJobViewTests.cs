using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Caviar.Tests.Jobs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

/// <summary>What the dashboard reads of a job: its view (status, logs, metrics, files), its files and the event stream.</summary>
public class ApiJobViewTests
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<ApiServer> WithFinishedJobAsync()
    {
        var server = await ApiServer.StartAsync();
        var created = await server.Client.PostAsync("/api/training-jobs", Json(new
        {
            name = "counted", command = new[] { "/bin/bash", "-c", ShellJobs.CheckpointingCounter },
            metricDefinitions = new[] { new { name = "loss", regex = ShellJobs.Loss.Regex } },
            environment = new Dictionary<string, string> { ["EPOCHS"] = "3" },
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Eventually.True(() => server.Client.GetStringAsync("/api/training-jobs").Result.Contains("\"Completed\""));
        return server;
    }

    [Fact]
    public async Task A_jobs_view_holds_its_status_log_tail_metric_curves_and_files_and_each_file_downloads()
    {
        await using var server = await WithFinishedJobAsync();
        using var view = JsonDocument.Parse(await server.Client.GetStringAsync("/api/training-jobs/counted/view"));
        var root = view.RootElement;
        Assert.Equal("Completed", root.GetProperty("status").GetProperty("state").GetString());
        Assert.Contains("epoch=3 loss=0.3333", root.GetProperty("logs")[0].GetProperty("tail").GetString());
        Assert.Equal("attempt-0.log", root.GetProperty("logs")[0].GetProperty("name").GetString());
        var loss = root.GetProperty("metrics").GetProperty("loss").EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList();
        Assert.Equal([(1, 1.0), (2, 0.5), (3, 0.3333)], loss);
        var files = root.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        Assert.Contains("model/model.txt", files);
        Assert.Contains("checkpoints/epoch", files);
        Assert.Contains("logs/attempt-0.log", files);

        var model = await server.Client.GetAsync("/api/training-jobs/counted/files/model/model.txt");
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Equal("done\n", await model.Content.ReadAsStringAsync());
        Assert.Equal("attachment", model.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("3\n", await server.Client.GetStringAsync("/api/training-jobs/counted/files/checkpoints/epoch"));
    }

    [Theory]
    [InlineData("status.json")]                    // not under model/, checkpoints/, output/ or logs/
    [InlineData("model/..%2Fstatus.json")]
    [InlineData("model/%2E%2E/status.json")]
    [InlineData("model/missing.bin")]
    [InlineData("model/out")]                      // a link out of the job folder
    public async Task Files_outside_the_jobs_download_folders_are_not_found(string path)
    {
        await using var server = await WithFinishedJobAsync();
        string outside = server.Directory.File("secret.txt");
        File.WriteAllText(outside, "secret");
        File.CreateSymbolicLink(server.Directory.File("artifacts/jobs/counted/model/out"), outside);
        var response = await server.Client.GetAsync("/api/training-jobs/counted/files/" + path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync());
        var listed = await server.Client.GetStringAsync("/api/training-jobs/counted/view");
        Assert.DoesNotContain("model/out", listed);
    }

    [Fact]
    public async Task Files_and_views_need_the_token()
    {
        await using var server = await WithFinishedJobAsync();
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        foreach (var path in new[] { "/api/training-jobs/counted/files/model/model.txt", "/api/training-jobs/counted/view", "/api/events" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_event_stream_sends_the_job_lists_then_every_trial_then_only_what_changed()
    {
        await using var server = await ApiServer.StartAsync();
        var space = new[] { new { type = "continuous", name = "x", minValue = 0.0, maxValue = 1.0 } };
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PostAsync("/api/studies", Json(new { name = "s", strategy = "Random", space }))).StatusCode);
        async Task<long> Tell(double value)
        {
            using var asked = JsonDocument.Parse(await (await server.Client.PostAsync("/api/studies/s/ask", null)).Content.ReadAsStringAsync());
            long id = asked.RootElement.GetProperty("id").GetInt64();
            (await server.Client.PostAsync($"/api/studies/s/trials/{id}/tell", Json(new { value }))).EnsureSuccessStatusCode();
            return id;
        }
        await Tell(0.5);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events?tuningJob=s");
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        async Task<(string Kind, JsonElement Data)> Next()
        {
            string? kind = null;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("event: ")) kind = line[7..];
                else if (line.StartsWith("data: ") && kind is not null) return (kind, JsonDocument.Parse(line[6..]).RootElement.Clone());
            }
            throw new EndOfStreamException();
        }
        var first = new List<(string Kind, JsonElement Data)> { await Next(), await Next(), await Next() };
        Assert.Equal(["job", "jobs", "trials"], first.Select(e => e.Kind));
        Assert.Equal("s", first[1].Data.GetProperty("tuning")[0].GetProperty("name").GetString());
        Assert.Equal("x", first[0].Data.GetProperty("space")[0].GetProperty("name").GetString());
        Assert.True(first[2].Data.GetProperty("snapshot").GetBoolean());
        Assert.Equal(1, first[2].Data.GetProperty("trials").GetArrayLength());

        await Tell(0.25);
        (string Kind, JsonElement Data) next;
        do next = await Next().WaitAsync(TimeSpan.FromSeconds(30)); while (next.Kind != "trials");
        Assert.False(next.Data.GetProperty("snapshot").GetBoolean());
        var changed = next.Data.GetProperty("trials");
        Assert.Equal(1, changed.GetArrayLength());                       // only the new trial, not the first again
        Assert.Equal(1, changed[0].GetProperty("number").GetInt32());
        Assert.Equal(0.25, changed[0].GetProperty("value").GetDouble());
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using Caviar.Storage.Sqlite;
using Caviar.Tests.Support;
using Caviar.Trials;

namespace Caviar.Tests.Server;

/// <summary>
/// A server killed after it stored an ask's trial (or a tell's end) and before it answered: the client has no answer
/// and sends the request again to the restarted server. The tests leave the server in exactly that state without a
/// race: the first request's answer is thrown away and a second server is started on the same store, as a restart
/// after the kill would be (crash20; scripts/chaos-asktell.py is the random-kill form).
/// </summary>
public class AskTellLostAnswerTests
{
    private const string Study = """{ "name": "lost", "space": [ { "type": "continuous", "name": "x", "minValue": 0, "maxValue": 1 } ], "strategy": "Random" }""";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static Task<HttpResponseMessage> Ask(ApiServer server, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/studies/lost/ask");
        request.Headers.Add("Idempotency-Key", key);
        return server.Client.SendAsync(request);
    }

    /// <summary>A server over <paramref name="store"/> (the file every server of a test shares).</summary>
    private static Task<ApiServer> ServerOn(string store) =>
        ApiServer.StartAsync((options, _) => options with { OpenStore = () => SqliteStudyStore.Open(store) });

    [Fact]
    public async Task An_ask_sent_again_with_its_key_after_its_answer_was_lost_gets_the_trial_it_stored()
    {
        using var dir = new TempDirectory();
        string store = dir.File("caviar.db");
        await using (var killed = await ServerOn(store))
        {
            Assert.Equal(HttpStatusCode.Created, (await killed.Client.PostAsync("/api/studies", Json(Study))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Ask(killed, "ask-1")).StatusCode);   // stored; the client never reads it
        }

        await using var restarted = await ServerOn(store);
        var again = await Ask(restarted, "ask-1");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var trial = await Body(again);
        var next = await Body(await Ask(restarted, "ask-2"));

        using var check = SqliteStudyStore.Open(store);
        var trials = check.GetTrials(check.FindStudy("lost")!.Id);
        Assert.Equal([0, 1], trials.Select(t => t.Number));         // one trial per key: none left Running unknown to the client
        Assert.Equal(trials[0].Id, trial.GetProperty("id").GetInt64());
        Assert.Equal(trials[0].Params["x"], trial.GetProperty("params").GetProperty("x").GetDouble());
        Assert.Equal(1, next.GetProperty("number").GetInt32());
        Assert.Equal("ask-1", trials[0].UserAttributes["caviar.ask_key"]);
    }

    [Fact]
    public async Task Asks_without_a_key_or_with_a_key_whose_trial_has_ended_make_new_trials()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.PostAsync("/api/studies", Json(Study));
        var first = await Body(await Ask(server, "k"));
        await server.Client.PostAsync($"/api/studies/lost/trials/{first.GetProperty("id").GetInt64()}/tell", Json("""{ "value": 1 }"""));
        Assert.Equal(1, (await Body(await Ask(server, "k"))).GetProperty("number").GetInt32());
        Assert.Equal(2, (await Body(await server.Client.PostAsync("/api/studies/lost/ask", null))).GetProperty("number").GetInt32());
        Assert.Equal(3, (await Body(await server.Client.PostAsync("/api/studies/lost/ask", null))).GetProperty("number").GetInt32());

        var tooLong = await Ask(server, new string('k', 256));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("Idempotency-Key", (await Body(tooLong)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_tell_sent_again_after_its_answer_was_lost_is_answered_as_the_first_and_a_different_one_refused()
    {
        using var dir = new TempDirectory();
        string store = dir.File("caviar.db");
        long id, pruned;
        await using (var killed = await ServerOn(store))
        {
            await killed.Client.PostAsync("/api/studies", Json(Study));
            id = (await Body(await Ask(killed, "a"))).GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.OK, (await killed.Client.PostAsync($"/api/studies/lost/trials/{id}/tell", Json("""{ "value": 0.25 }"""))).StatusCode);
            pruned = (await Body(await Ask(killed, "b"))).GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.OK, (await killed.Client.PostAsync($"/api/studies/lost/trials/{pruned}/tell",
                Json("""{ "state": "Pruned", "reason": "poor" }"""))).StatusCode);
        }

        await using var restarted = await ServerOn(store);
        var again = await restarted.Client.PostAsync($"/api/studies/lost/trials/{id}/tell", Json("""{ "value": 0.25 }"""));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(0.25, (await Body(again)).GetProperty("value").GetDouble());
        var prunedAgain = await restarted.Client.PostAsync($"/api/studies/lost/trials/{pruned}/tell", Json("""{ "state": "Pruned" }"""));
        Assert.Equal(HttpStatusCode.OK, prunedAgain.StatusCode);

        var different = await restarted.Client.PostAsync($"/api/studies/lost/trials/{id}/tell", Json("""{ "value": 0.5 }"""));
        Assert.Equal(HttpStatusCode.BadRequest, different.StatusCode);
        Assert.Contains("already ended", (await Body(different)).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest,
            (await restarted.Client.PostAsync($"/api/studies/lost/trials/{id}/tell", Json("""{ "state": "Failed" }"""))).StatusCode);

        using var check = SqliteStudyStore.Open(store);
        var trial = check.GetTrial(id);
        Assert.Equal(TrialState.Completed, trial.State);
        Assert.Equal(0.25, trial.Value);
    }
}

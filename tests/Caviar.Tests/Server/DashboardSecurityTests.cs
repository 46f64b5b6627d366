using System.Text.Json;
using Caviar.Storage.Sqlite;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Tests.Server;

/// <summary>
/// The dashboard against hostile stored strings (anyone able to write the store can choose them) and where it keeps
/// the API token, driven by Playwright in Debian's Chromium.
/// </summary>
public class DashboardSecurityTests
{
    private const string StudyName = "<img src=x onerror=window.pwned='study'>";
    private const string CategoricalName = "<img src=x onerror=window.pwned='param'>";
    private const string FloatName = "<svg onload=window.pwned='float'>";
    private static readonly string[] Choices = ["<img src=x onerror=alert('value')>", "\"><script>window.pwned='script'</script>"];
    private const string FailureReason = "<img src=x onerror=window.pwned='reason'>";

    private static void StoreHostileStudies(string database)
    {
        using var store = SqliteStudyStore.Open(database);
        Study.Create(store, StudyName, ObjectiveDirection.Minimize);
        var study = Study.Create(store, "hostile", ObjectiveDirection.Minimize);
        for (int i = 0; i < 6; i++)
        {
            var trial = study.Ask();
            string choice = trial.SuggestCategorical(CategoricalName, Choices);
            double x = trial.SuggestFloat(FloatName, 0, 1);
            trial.Report(0, x + 1);
            study.Tell(trial, x + Array.IndexOf(Choices, choice));
        }
        var failed = study.Ask();
        failed.SuggestCategorical(CategoricalName, Choices);
        failed.SuggestFloat(FloatName, 0, 1);
        study.Tell(failed, TrialState.Failed, FailureReason);
    }

    [Fact]

    [Trait("Needs", "chromium")]
    public async Task Hostile_names_values_and_failure_reasons_show_as_text_and_run_no_script()
    {
        await using var server = await ApiServer.StartAsync();
        StoreHostileStudies(server.Directory.File("caviar.db"));

        var report = await PlaywrightScript.RunAsync("hostile.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token);
        foreach (var visit in new[] { "enforced", "bypassed" })   // with the Content-Security-Policy, and without it
        {
            var run = report.GetProperty(visit);
            Assert.Equal(JsonValueKind.Null, run.GetProperty("pwned").ValueKind);
            Assert.Equal(0, run.GetProperty("dialogs").GetArrayLength());
            Assert.Equal([StudyName, "hostile"], run.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()).Order(StringComparer.Ordinal));

            var hostile = run.GetProperty("shown").GetProperty("hostile");
            Assert.Equal(0, hostile.GetProperty("injected").GetInt32());
            var headers = Texts(hostile, "headers");
            Assert.Contains(CategoricalName, headers);
            Assert.Contains(FloatName, headers);
            var cells = Texts(hostile, "cells");
            Assert.Contains(FailureReason, cells);
            Assert.Contains(cells, c => Choices.Contains(c));
            var chartTexts = Texts(hostile, "chartTexts");   // parallel coordinates' axes and importance bars
            Assert.Contains(CategoricalName, chartTexts);
            Assert.Contains(FloatName, chartTexts);
            Assert.Contains(chartTexts, t => Choices.Contains(t));

            // The hostile study is listed by name; the API refuses to open it, and the page says so as text.
            var named = run.GetProperty("shown").GetProperty(StudyName);
            Assert.Equal(0, named.GetProperty("injected").GetInt32());
            Assert.StartsWith(StudyName + ": tuningJob:", named.GetProperty("title").GetString());
        }
        // As served, the policy also stops script the page did not ship (here, an inline script added to the page).
        Assert.False(report.GetProperty("enforced").GetProperty("inlineRan").GetBoolean());
        Assert.Contains("script-src-elem", Texts(report.GetProperty("enforced"), "violations"));
        Assert.True(report.GetProperty("bypassed").GetProperty("inlineRan").GetBoolean());   // the check itself works
    }

    [Fact]

    [Trait("Needs", "chromium")]
    public async Task The_token_is_typed_in_and_kept_only_for_the_tab_never_in_local_storage_or_the_address()
    {
        await using var server = await ApiServer.StartAsync();
        using (var store = SqliteStudyStore.Open(server.Directory.File("caviar.db")))
            Study.Create(store, "listed", ObjectiveDirection.Minimize);

        var report = await PlaywrightScript.RunAsync("token-handling.mjs", server.Client.BaseAddress!.ToString(), ApiServer.Token);
        string url = server.Client.BaseAddress!.ToString();

        var fromLink = report.GetProperty("fromLink");        // an old #token= link: removed from the address, not used
        Assert.True(fromLink.GetProperty("asked").GetBoolean());
        Assert.Equal(0, fromLink.GetProperty("buttons").GetInt32());
        Assert.Equal(url, fromLink.GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.Null, fromLink.GetProperty("session").ValueKind);

        var wrong = report.GetProperty("wrong");
        Assert.True(wrong.GetProperty("asked").GetBoolean());
        Assert.Equal("Authorization: a valid bearer token is required", wrong.GetProperty("refusal").GetString());
        Assert.Equal(JsonValueKind.Null, wrong.GetProperty("session").ValueKind);

        var right = report.GetProperty("right");
        Assert.False(right.GetProperty("asked").GetBoolean());
        Assert.Equal(1, right.GetProperty("buttons").GetInt32());
        Assert.Equal(ApiServer.Token, right.GetProperty("session").GetString());
        Assert.Equal(JsonValueKind.Null, right.GetProperty("local").ValueKind);   // even one an older page left is removed
        Assert.DoesNotContain(ApiServer.Token, right.GetProperty("address").GetString());

        Assert.False(report.GetProperty("reloaded").GetProperty("asked").GetBoolean());   // the tab keeps it
        var newSession = report.GetProperty("newSession");                               // another session does not
        Assert.True(newSession.GetProperty("asked").GetBoolean());
        Assert.Equal(JsonValueKind.Null, newSession.GetProperty("session").ValueKind);
    }

    private static List<string?> Texts(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(t => t.GetString()).ToList();
}

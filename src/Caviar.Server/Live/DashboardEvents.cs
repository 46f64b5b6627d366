using System.Text.Json;
using System.Text.Json.Serialization;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Tuning;
using Caviar.Storage;
using Caviar.Trials;
using Microsoft.AspNetCore.Http;

namespace Caviar.Server.Live;

/// <summary>
/// <c>GET /api/events</c>: what the dashboard shows, as server-sent events, re-read every <see cref="PollInterval"/>
/// and sent only when it changed. <c>jobs</c>: the tuning and training job lists. With <c>?tuningJob=NAME</c>:
/// <c>job</c> (its description) and <c>trials</c> (<c>{snapshot, trials}</c>: every trial first, then only trials that
/// are new or changed state, value or intermediate values). With <c>?trainingJob=NAME</c>: <c>training</c> (the
/// job's <see cref="JobView"/>). A comment line every poll keeps proxies from closing a quiet stream. The stream
/// ends when the client leaves. Each stream keeps one store open and reads each study through a
/// <see cref="TrialHistoryCache"/>, so a poll of a study of 10,000 finished trials reads only the new and unfinished.
/// </summary>
internal static class DashboardEvents
{
    /// <summary>How often the store and job folders are read: every 500 ms.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task WriteAsync(HttpContext context, ServerOptions options, BackgroundRuns runs)
    {
        string? tuningJob = Name(context, "tuningJob"), trainingJob = Name(context, "trainingJob");
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var sent = new Dictionary<string, string>();
        var seen = new Dictionary<int, (TrialState State, double? Value, int Steps)>();
        var histories = new Dictionary<long, TrialHistoryCache>();
        bool first = true;
        using var store = options.OpenStore();   // one per stream: its caches read only what changed since the last poll
        while (!context.RequestAborted.IsCancellationRequested)
        {
            var events = new List<(string Kind, string Data)>();
            {
                IReadOnlyList<TrialRecord>? shownTrials = null;
                var tuning = new List<object>();
                foreach (var study in store.ListStudies())
                {
                    if (!histories.TryGetValue(study.Id, out var history))
                        histories[study.Id] = history = new TrialHistoryCache(store, study.Id);
                    var trials = history.Read();
                    if (study.Name == tuningJob)
                    {
                        shownTrials = trials;
                        Changed(sent, events, "job", TuningJobViews.Describe(study, trials, options, runs));
                    }
                    tuning.Add(TuningJobViews.Row(study, trials, runs));
                }
                Changed(sent, events, "jobs", new { tuning, training = TrainingJobRows(options) });
                if (shownTrials is not null)
                {
                    var changed = shownTrials.Where(t => !seen.TryGetValue(t.Number, out var was)
                        || was != (t.State, t.Value, t.IntermediateValues.Count)).ToList();
                    foreach (var t in changed) seen[t.Number] = (t.State, t.Value, t.IntermediateValues.Count);
                    if (first || changed.Count > 0)
                        events.Add(("trials", Serialize(new { snapshot = first, trials = changed.Select(TuningJobEndpoints.TrialView) })));
                }
                else if (tuningJob is not null && first)
                    events.Add(("missing", Serialize(new { field = "tuningJob", reason = $"no tuning job named '{tuningJob}'" })));
            }
            if (trainingJob is not null)
                Changed(sent, events, "training", JobView.Of(JobDirectory.For(options.ArtifactsRoot, trainingJob))
                    ?? new { missing = $"no training job named '{trainingJob}'" });
            first = false;
            try
            {
                foreach (var (kind, data) in events)
                    await context.Response.WriteAsync($"event: {kind}\ndata: {data}\n\n", context.RequestAborted);
                await context.Response.WriteAsync(":\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(PollInterval, context.RequestAborted);
            }
            catch (OperationCanceledException) { return; }
            catch (IOException) { return; }
        }
    }

    /// <summary>The training jobs list: every job folder with a status (trials' jobs among them).</summary>
    public static List<object> TrainingJobRows(ServerOptions options)
    {
        string jobs = Path.Combine(options.ArtifactsRoot, "jobs");
        var found = Directory.Exists(jobs) ? Directory.GetDirectories(jobs).Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
        return found.Select(dir => JobStatus.Read(Path.Combine(dir, "status.json"))).OfType<JobStatus>()
            .Select(s => (object)new
            {
                name = s.JobName, state = s.State.ToString(), attempts = s.Attempts, finalMetrics = s.FinalMetrics,
                startedAt = s.StartedAt, finishedAt = s.FinishedAt, failureReason = s.FailureReason,
            }).ToList();
    }

    private static string? Name(HttpContext context, string key)
    {
        string? name = context.Request.Query[key];
        if (string.IsNullOrEmpty(name)) return null;
        Caviar.Jobs.Specs.SafeNames.EnsureJobName(name, key);
        return name;
    }

    private static void Changed(Dictionary<string, string> sent, List<(string, string)> events, string kind, object value)
    {
        string data = Serialize(value);
        if (sent.TryGetValue(kind, out var before) && before == data) return;
        sent[kind] = data;
        events.Add((kind, data));
    }

    private static string Serialize(object value) => JsonSerializer.Serialize(value, Json);
}

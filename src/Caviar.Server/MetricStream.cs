using System.Text.Json;
using Caviar.Trials;
using Microsoft.AspNetCore.Http;

namespace Caviar.Server;

/// <summary>
/// Server-sent events of a tuning job: an <c>intermediate</c> event for every new intermediate value and a
/// <c>trial</c> event for every trial that finishes, read from the store twice a second, until the job has no running
/// trials and no run of it is going on here (then a <c>done</c> event), or the client leaves.
/// </summary>
internal static class MetricStream
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task WriteAsync(HttpContext context, ServerOptions options, string name, BackgroundRuns runs)
    {
        var seenSteps = new Dictionary<int, int>();
        var seenFinished = new HashSet<int>();
        bool started = false;
        while (!context.RequestAborted.IsCancellationRequested)
        {
            IReadOnlyList<TrialRecord> trials;
            using (var store = options.OpenStore())
            {
                if (store.FindStudy(name) is not { } study)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    await context.Response.WriteAsJsonAsync(new { field = "name", reason = $"no tuning job named '{name}'" });
                    return;
                }
                trials = store.GetTrials(study.Id);
            }
            if (!started)
            {
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache";
                started = true;
            }
            foreach (var trial in trials)
            {
                int already = seenSteps.GetValueOrDefault(trial.Number);
                foreach (var (step, value) in trial.IntermediateValues.Skip(already))
                    await Send(context, "intermediate", new { trial = trial.Number, step, value });
                seenSteps[trial.Number] = trial.IntermediateValues.Count;
                if (trial.State.IsFinished() && seenFinished.Add(trial.Number))
                    await Send(context, "trial", TuningJobEndpoints.TrialView(trial));
            }
            if (!runs.IsRunning("tuning/" + name) && trials.All(t => t.State.IsFinished()))
            {
                await Send(context, "done", new { name, trials = trials.Count });
                return;
            }
            try { await Task.Delay(PollInterval, context.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static async Task Send(HttpContext context, string kind, object data)
    {
        await context.Response.WriteAsync($"event: {kind}\ndata: {JsonSerializer.Serialize(data)}\n\n");
        await context.Response.Body.FlushAsync();
    }
}

using System.Text.Json;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Specs;

namespace Caviar.Jobs.Launching;

/// <summary>
/// What a standby runner does while it waits for its job: it runs a job of its own, <c>/bin/true</c> in a temporary
/// directory, through the same runner, so that the code a job's start and end go through (JSON of requests, status
/// and metrics, the job directory, process start, log and efficiency) is compiled before a trial waits on it. Best
/// effort: a failure here only leaves the code cold. The job writes nothing outside its temporary directory, which is
/// removed. Efficiency figures take differences of the runner's children's usage, so the warm-up's counts in a job's
/// only when a job is handed over before the warm-up ends: then its <c>/bin/true</c> adds about a millisecond of CPU,
/// and its peak memory is far below any real job's.
/// </summary>
internal static class StandbyWarmUp
{
    /// <summary>How long a runner that is done waits for its warm-up to end (and clean up) before exiting: 30 s.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(30);

    public static void Run()
    {
        string root = Path.Combine(Path.GetTempPath(), $"caviar-standby-{Environment.ProcessId}");
        try
        {
            var spec = new TrainingJobSpec
            {
                Name = "warm-up", Command = ["/bin/true"],
                MetricDefinitions = [new MetricDefinition { Name = "loss", Regex = "loss=([0-9.]+)" }],
                HyperParameters = new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(0.5) },
            };
            var request = new JobRequest { JobName = "warm-up", Spec = spec, BaseDirectory = root, ArtifactsRoot = root };
            request.Write();
            var read = JobRequest.Read(request.Directory.Root);
            new TrainingJobRunner(TimeProvider.System).RunAsync(read.Spec, read.JobName, read.BaseDirectory, read.Directory)
                .GetAwaiter().GetResult();
            JobStatus.Read(read.Directory.StatusFile);
            MetricLog.ReadNew(read.Directory.MetricsFile, 0, out _);
            MetricLog.Append(read.Directory.MetricsFile, new MetricObservation("loss", 1, 0.5, TimeProvider.System.GetUtcNow()));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException
                                          or InvalidOperationException or Validation.CaviarValidationException) { }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

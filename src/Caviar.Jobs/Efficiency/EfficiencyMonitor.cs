using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;

namespace Caviar.Jobs.Efficiency;

/// <summary>
/// Samples an attempt's processes while they run — CPU use and resident memory from /proc, GPU utilisation and
/// memory from nvidia-smi for the devices it was given — into metrics.jsonl as system metrics, and sums the attempt
/// up when it ends. The summary's CPU time is exact (getrusage of the runner's waited-for children, which are the
/// job's processes: a runner runs one job).
/// </summary>
internal sealed class EfficiencyMonitor : IAsyncDisposable
{
    /// <summary>How often the processes are sampled: <c>$CAVIAR_SYSTEM_METRICS_SECONDS</c>, else 5 s.</summary>
    public static TimeSpan DefaultInterval =>
        double.TryParse(Environment.GetEnvironmentVariable("CAVIAR_SYSTEM_METRICS_SECONDS"),
            System.Globalization.CultureInfo.InvariantCulture, out double seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(5);

    private readonly Func<IReadOnlyList<int>> _roots;
    private readonly IReadOnlyList<int> _gpus;
    private readonly int _cores;
    private readonly string _metricsFile;
    private readonly TimeProvider _clock;
    private readonly Func<IReadOnlyList<GpuReadings.Device>> _queryGpus;
    private readonly ChildrenUsage.Reading _startUsage = ChildrenUsage.Read();
    private readonly DateTimeOffset _started;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private double _peakResident, _peakGpuMemory, _gpuUtilSum;
    private int _gpuSamples;
    private long _step;

    /// <param name="startedAt">
    /// When the processes were started, the start of the wall time. Default: now. A runner that creates the monitor after
    /// starting them passes the time it took before, or a job that ran its full wall time could be charged less (the
    /// runner may get the CPU back only after the processes have been running a while).
    /// </param>
    public EfficiencyMonitor(Func<IReadOnlyList<int>> roots, IReadOnlyList<int> gpus, int cores, string metricsFile,
        TimeProvider clock, TimeSpan interval, Func<IReadOnlyList<GpuReadings.Device>>? queryGpus = null,
        DateTimeOffset? startedAt = null)
    {
        (_roots, _gpus, _cores, _metricsFile, _clock) = (roots, gpus, cores, metricsFile, clock);
        _queryGpus = queryGpus ?? GpuReadings.Query;
        _started = startedAt ?? clock.GetUtcNow();
        _sampling = SampleAsync(interval);
    }

    private async Task SampleAsync(TimeSpan interval)
    {
        // A first reading as the processes start: the first sample's CPU is measured from it, and the reading's code is
        // compiled now, while the job loads, not at the first sample, while it trains (bench/README.md, issue 12, ddp12c).
        var last = (At: _clock.GetUtcNow(), Cpu: ProcessTree.Read(_roots()).CpuSeconds);
        try
        {
            while (true)
            {
                await Task.Delay(interval, _clock, _stop.Token).ConfigureAwait(false);
                var reading = ProcessTree.Read(_roots());
                var now = _clock.GetUtcNow();
                double seconds = (now - last.At).TotalSeconds;
                // Processes that ended since the last sample take their time with them: never report below zero.
                double cpuPercent = seconds > 0 ? Math.Max(0, 100 * (reading.CpuSeconds - last.Cpu) / seconds) : 0;
                last = (now, reading.CpuSeconds);
                _peakResident = Math.Max(_peakResident, reading.ResidentBytes / 1048576.0);
                _step++;
                Append(SystemMetrics.CpuPercent, cpuPercent, now);
                Append(SystemMetrics.ResidentMb, reading.ResidentBytes / 1048576.0, now);
                if (_gpus.Count == 0) continue;
                var devices = _queryGpus().Where(d => _gpus.Contains(d.Index)).ToList();
                if (devices.Count == 0) continue;
                double util = devices.Average(d => d.UtilizationPercent), memory = devices.Sum(d => d.MemoryMb);
                _gpuUtilSum += util;
                _gpuSamples++;
                _peakGpuMemory = Math.Max(_peakGpuMemory, memory);
                Append(SystemMetrics.GpuUtilizationPercent, util, now);
                Append(SystemMetrics.GpuMemoryMb, memory, now);
            }
        }
        catch (OperationCanceledException) { }
    }

    private void Append(string name, double value, DateTimeOffset at)
    {
        try { MetricLog.Append(_metricsFile, new MetricObservation(name, _step, Math.Round(value, 2), at)); }
        catch (IOException) { }   // a sample that cannot be written (a full disk) never fails the job
    }

    /// <summary>Stops sampling and sums the attempt up; call once its processes have all exited and been waited for.</summary>
    public async Task<EfficiencySummary> FinishAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        var usage = ChildrenUsage.Read();
        return new EfficiencySummary
        {
            CpuSeconds = Math.Max(0, usage.CpuSeconds - _startUsage.CpuSeconds),
            WallSeconds = (_clock.GetUtcNow() - _started).TotalSeconds,
            Cores = _cores,
            PeakMemoryMb = Math.Max(_peakResident, usage.PeakResidentBytes / 1048576.0),
            Gpus = _gpus.Count,
            GpuUtilizationPercent = _gpuSamples > 0 ? _gpuUtilSum / _gpuSamples : null,
            PeakGpuMemoryMb = _gpuSamples > 0 ? _peakGpuMemory : null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync().ConfigureAwait(false);
        try { await _sampling.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}

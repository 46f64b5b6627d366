using System.Globalization;
using Caviar.Jobs.Efficiency;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;
using Caviar.Tests.Cli;
using Caviar.Specs;
using System.Text.Json;

namespace Caviar.Tests.Distributed;

public class EfficiencyTests
{
    [Fact]
    public void A_job_burning_one_core_reads_the_cpu_time_it_really_used()
    {
        using var dir = new TempDirectory();
        // The script measures itself: CPU seconds (process_time) and wall seconds; Caviar's summary must agree with
        // what the kernel charged it, whatever share of a core a loaded machine gave it. Run by `caviar train`, a
        // process of its own, as a user runs it (the summary counts the runner's children: one job's processes).
        var spec = new TrainingJobSpec
        {
            Name = "burn", Command = ["/usr/bin/python3", "-c", """
                import time
                wall0, cpu0 = time.monotonic(), time.process_time()
                blob = bytearray(64 * 1024 * 1024)
                for i in range(0, len(blob), 4096): blob[i] = 1
                while time.monotonic() - wall0 < 2.5: pass
                print(f"self cpu={time.process_time() - cpu0:.3f} wall={time.monotonic() - wall0:.3f}")
                """],
        };
        File.WriteAllText(dir.File("burn.json"), JsonSerializer.Serialize(spec, SpecJson.Options));
        var train = CliRunner.Run(dir.Path, "train", dir.File("burn.json"), "--artifacts", dir.File("artifacts"));
        Assert.True(train.ExitCode == 0, train.All);

        var job = JobDirectory.For(dir.File("artifacts"), "burn");
        var status = JobStatus.Read(job.StatusFile)!;
        var efficiency = status.Efficiency!;
        var self = File.ReadAllText(job.LogFile(0)).Split(' ', '=', '\n');
        double selfCpu = double.Parse(self[Array.IndexOf(self, "cpu") + 1], CultureInfo.InvariantCulture);
        Assert.InRange(efficiency.CpuSeconds, selfCpu, selfCpu + 0.6);   // plus the interpreter's start-up
        Assert.InRange(efficiency.WallSeconds, 2.5, 15);
        Assert.InRange(efficiency.CpuPercentOfCores, 100 * selfCpu / efficiency.WallSeconds - 5, 105);
        Assert.InRange(efficiency.PeakMemoryMb, 64, 1024);   // the 64 MiB it touched
        Assert.Equal(1, efficiency.Cores);
        Assert.Matches(@"^efficiency: CPU \d+% of 1 core, peak memory \d+ MiB, GPU 0% \(none\)$", efficiency.ToString());
        Assert.Contains(efficiency.ToString(), train.Output);   // caviar train ends with the line
        Assert.DoesNotContain(SystemMetrics.CpuPercent, status.FinalMetrics.Keys);
    }

    [Fact]
    public void The_process_tree_reading_counts_children_and_parses_names_with_spaces()
    {
        var stat = ProcessTree.ParseStat("4242 (my (odd) name) S 17 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 1 0 100 1000000 300 18446744073709551615");
        Assert.Equal((17, 300L, 300L), stat);
        var self = ProcessTree.Read([Environment.ProcessId]);
        Assert.True(self.CpuSeconds > 0 && self.ResidentBytes > 10 * 1024 * 1024 && self.Processes >= 1, self.ToString());
    }

    [Fact]
    public async Task Walking_down_from_the_roots_finds_the_processes_a_scan_of_all_proc_finds()
    {
        // A shell with two children, one of which has a child of its own.
        using var tree = System.Diagnostics.Process.Start("/bin/bash", ["-c", "sleep 60 & bash -c 'sleep 60 & wait' & wait"]);
        try
        {
            ProcessTree.Reading? down = null, all = null;
            await Eventually.True(() =>
            {
                down = ProcessTree.ReadDownward([tree.Id], "/proc");
                all = ProcessTree.ReadAll([tree.Id], "/proc");
                return all.Processes == 4 && down?.Processes == 4;   // the shell, a sleep, the inner shell and its sleep
            }, timeoutSeconds: 60);
            Assert.Equal(all!.ResidentBytes > 0, down!.ResidentBytes > 0);
        }
        finally
        {
            tree.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task System_metrics_are_sampled_into_the_metrics_file_while_a_job_runs()
    {
        using var dir = new TempDirectory();
        string metrics = dir.File("metrics.jsonl");
        using var process = System.Diagnostics.Process.Start("/bin/bash", ["-c", "end=$((SECONDS + 2)); while [ $SECONDS -lt $end ]; do :; done"]);
        var monitor = new EfficiencyMonitor(() => [process.Id], [0], 1, metrics, TimeProvider.System,
            TimeSpan.FromMilliseconds(300), () => [new GpuReadings.Device(0, 40, 100), new GpuReadings.Device(1, 99, 999)]);
        await process.WaitForExitAsync();
        var summary = await monitor.FinishAsync();

        var samples = MetricLog.Read(metrics);
        Assert.Contains(samples, m => m.Name == SystemMetrics.CpuPercent && m.Value > 0);   // busy, whatever share a loaded machine gives it
        Assert.Contains(samples, m => m.Name == SystemMetrics.ResidentMb && m.Value > 0);
        Assert.All(samples.Where(m => m.Name == SystemMetrics.GpuUtilizationPercent), m => Assert.Equal(40, m.Value));   // its device only
        Assert.Equal((40.0, 100.0), (summary.GpuUtilizationPercent, summary.PeakGpuMemoryMb));
        Assert.Contains("GPU 40% of 1 GPU(s), peak GPU memory 100 MiB", summary.ToString());
    }
}

using System.Diagnostics;
using Caviar.Jobs.Distributed;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Specs;
using Caviar.Validation;

// Issue 12's GPU check on a real NVIDIA host: discovery from nvidia-smi -L, two one-GPU jobs on a one-GPU host (the
// second waits for the device), and the efficiency line reading real GPU utilisation from a CUDA workload.
string work = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "caviar-gpu-check");
string python = args.Length > 1 ? args[1] : "python3";
Directory.CreateDirectory(work);
Environment.SetEnvironmentVariable("CAVIAR_SYSTEM_METRICS_SECONDS", "1");

var inventory = GpuInventory.Discover();
Console.WriteLine($"GPUs found: [{string.Join(",", inventory.Devices)}] from {inventory.Source}");

var oneGpu = new ResourcesSpec { GpusPerProcess = 1 };
var spec = new TrainingJobSpec
{
    Command = [python, "-c", """
        import os, time, torch
        print(f"start {time.time():.3f} CUDA_VISIBLE_DEVICES={os.environ['CUDA_VISIBLE_DEVICES']} devices={torch.cuda.device_count()} name={torch.cuda.get_device_name(0)}", flush=True)
        a = torch.randn(8192, 8192, device="cuda"); b = torch.randn(8192, 8192, device="cuda")
        end = time.time() + 8
        while time.time() < end:
            c = a @ b
        torch.cuda.synchronize()
        print(f"end {time.time():.3f}", flush=True)
        """],
    Resources = oneGpu,
};
try
{
    TrainingJobValidator.Compile(spec with { Resources = new ResourcesSpec { ProcessesPerHost = 2, GpusPerProcess = 1 } }, work,
        nameRequired: false, hostGpus: inventory);
    Console.WriteLine("2 processes x 1 GPU: accepted");
}
catch (CaviarValidationException error) { Console.WriteLine($"2 processes x 1 GPU refused: {error.Field}: {error.Reason}"); }

var runner = new TrainingJobRunner(TimeProvider.System);
var clock = Stopwatch.StartNew();
var first = runner.RunAsync(spec with { Name = "first" }, "first", work, JobDirectory.For(work, "first"));
await Task.Delay(500);
var second = runner.RunAsync(spec with { Name = "second" }, "second", work, JobDirectory.For(work, "second"));
foreach (var (name, run) in new[] { ("first", first), ("second", second) })
{
    var status = await run;
    Console.WriteLine($"== job {name}: {status.State} after {clock.Elapsed.TotalSeconds:0.0} s (exit {status.ExitCode}) {status.FailureReason}");
    Console.Write(File.ReadAllText(JobDirectory.For(work, name).LogFile(0)));
    Console.WriteLine(status.Efficiency);
    var samples = MetricLog.Read(JobDirectory.For(work, name).MetricsFile).Where(m => m.Name.StartsWith("gpu", StringComparison.Ordinal));
    Console.WriteLine("samples: " + string.Join(" ", samples.Select(m => $"{m.Name}={m.Value}")));
}

using System.Diagnostics;
using Caviar.Containers;
using Caviar.Jobs.Containers;
using Caviar.Jobs.Distributed;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Specs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Containers;

/// <summary>
/// The command each srun task of a job from an image runs (bash's prologue, then <c>podman run</c>), run by real bash
/// with Slurm's variables as a task would have them; <c>/usr/bin/env</c> stands in for the engine and prints what it
/// got (no GPU and no Slurm needed).
/// </summary>
public class SrunContainerCommandTests
{
    private static readonly ResourcesSpec TwoGpusEach = new() { ProcessesPerHost = 2, GpusPerProcess = 2 };

    private static (Dictionary<string, string> Variables, List<string> Arguments) RunTask(ResourcesSpec resources,
        Dictionary<string, string> slurm)
    {
        using var dir = new TempDirectory();
        var job = JobDirectory.For(dir.File("artifacts"), "gpus");
        var spec = new TrainingJobSpec { Name = "gpus", Image = "local/algo:1", Resources = resources };
        var container = new ContainerJob(ContainerEngine.At("/usr/bin/podman", "/x/containers.conf"), spec, "gpus", job, dir.Path,
            job.DefaultCheckpointDirectory);
        var run = container.SrunTaskRun(new Dictionary<string, string> { ["SM_MODEL_DIR"] = job.ModelDirectory });
        // The engine's place is taken by a program that prints its variables, a marker, then its arguments one a line.
        var command = SrunRanks.Command(resources, [new Dictionary<string, string>()], "/l/attempt-0.rank-%t.log",
            ["/bin/sh", "-c", "env; echo '--arguments--'; printf '%s\\n' \"$@\"", "engine", .. run.RunArguments()], containerTask: true);
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in command.SkipWhile(a => a != "-c")) start.ArgumentList.Add(arg);
        foreach (var (name, value) in run.Environment) start.Environment[name] = value;
        foreach (var (name, value) in slurm) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd(), error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        var parts = output.Split("--arguments--\n");
        var variables = parts[0].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
        Assert.Equal("/opt/ml/model", variables["SM_MODEL_DIR"]);   // the container's path, given by name below
        return (variables, parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
    }

    [Fact]
    public void Each_task_passes_its_own_gpus_as_cdi_devices_numbered_from_0_inside_and_names_its_container_by_rank()
    {
        var (variables, args) = RunTask(TwoGpusEach, new()
        {
            ["SLURM_PROCID"] = "1", ["SLURM_LOCALID"] = "1", ["SLURM_NODEID"] = "0",
            ["SLURM_STEP_GPUS"] = "2,3,5,7",   // Slurm's host indices for --gres=gpu:4
            ["CUDA_VISIBLE_DEVICES"] = "0,1,2,3",   // the step's own view of them
        });

        Assert.Equal(["nvidia.com/gpu=5", "nvidia.com/gpu=7"], args.Where((a, i) => i > 0 && args[i - 1] == "--device"));
        Assert.Equal("0,1", variables["CUDA_VISIBLE_DEVICES"]);   // what the container sees
        Assert.Equal("2", variables["SM_NUM_GPUS"]);
        Assert.Equal("1", variables["RANK"]);
        Assert.Matches("^caviar-gpus-[0-9a-f]{8}-1$", args[args.IndexOf("--name") + 1]);
        Assert.Equal("host", args[args.IndexOf("--network") + 1]);   // ranks reach each other across nodes
        foreach (var name in new[] { "RANK", "CUDA_VISIBLE_DEVICES", "SM_MODEL_DIR" })
            Assert.Contains(name, args.Where((a, i) => i > 0 && args[i - 1] == "--env"));
        Assert.DoesNotContain(SrunRanks.GpuDevicesPlaceholder, args);
        Assert.Equal("local/algo:1", args[^2]);
        Assert.Equal("train", args[^1]);
    }

    [Fact]
    public void Without_slurms_step_gpus_the_tasks_devices_are_read_from_cuda_visible_devices_and_without_gpus_none_are_passed()
    {
        var (_, args) = RunTask(TwoGpusEach, new()
        {
            ["SLURM_PROCID"] = "0", ["SLURM_LOCALID"] = "0", ["SLURM_NODEID"] = "0", ["CUDA_VISIBLE_DEVICES"] = "4,6,8,9",
        });
        Assert.Equal(["nvidia.com/gpu=4", "nvidia.com/gpu=6"], args.Where((a, i) => i > 0 && args[i - 1] == "--device"));

        var (cpuVariables, cpuArgs) = RunTask(new ResourcesSpec { ProcessesPerHost = 2 }, new()
        {
            ["SLURM_PROCID"] = "1", ["SLURM_LOCALID"] = "1", ["SLURM_NODEID"] = "0",
        });
        Assert.DoesNotContain("--device", cpuArgs);
        Assert.DoesNotContain("--gpus", cpuArgs);
        Assert.Equal("1", cpuVariables["RANK"]);
        Assert.Matches("^caviar-gpus-[0-9a-f]{8}-1$", cpuArgs[cpuArgs.IndexOf("--name") + 1]);
    }
}

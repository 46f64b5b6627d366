using System.Diagnostics;
using System.Globalization;
using System.Text;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Distributed;

/// <summary>
/// A job's processes as the tasks of one <c>srun</c> step inside the Slurm allocation its runner runs in (the Slurm
/// launcher's <c>sbatch --nodes N --ntasks-per-node M</c>): <c>srun --nodes N --ntasks-per-node M --kill-on-bad-exit=1
/// --output=…/attempt-A.rank-%t.log</c> starts every task, and a small bash prologue gives each task its rank from Slurm's variables
/// (<c>RANK</c> = <c>SLURM_PROCID</c>, <c>LOCAL_RANK</c> = <c>SLURM_LOCALID</c>, <c>NODE_RANK</c> = <c>SLURM_NODEID</c>),
/// its host's share of sharded channels and its slice of the node's GPUs, then execs the job's command.
/// <c>MASTER_ADDR</c> is the allocation's first node (where the runner runs); the ports are free ones on it.
/// Each task appends its output to its own rank's log (srun's <c>%t</c> is the task's rank in the step), so rank 0's log,
/// which the runner reads metrics from, holds rank 0's lines only. Slurm ends every task when one fails.
/// </summary>
internal sealed class SrunRanks(IReadOnlyList<string> hosts)
{
    /// <summary>In a container task's command, replaced by the task's rank (<c>SLURM_PROCID</c>) wherever it occurs.</summary>
    public const string RankPlaceholder = "caviar@rank@";

    /// <summary>
    /// In a container task's command, an argument replaced by <c>--device nvidia.com/gpu=N</c> for each GPU Slurm gave
    /// the task (none without GPUs).
    /// </summary>
    public const string GpuDevicesPlaceholder = "caviar@gpu-devices@";

    /// <summary>The variables every task's prologue sets (besides sharded channels' paths): a container is given them by name.</summary>
    public static readonly IReadOnlyList<string> TaskVariables =
    [
        "RANK", "LOCAL_RANK", "NODE_RANK", "GROUP_RANK", "CAVIAR_RANK", "SM_CURRENT_HOST", "CAVIAR_CURRENT_HOST",
    ];

    /// <summary>The allocation's hosts, first node first (<c>scontrol show hostnames $SLURM_JOB_NODELIST</c>).</summary>
    public IReadOnlyList<string> Hosts { get; } = hosts;

    /// <summary>The hosts of the allocation this process runs in.</summary>
    public static SrunRanks OfThisAllocation()
    {
        string nodes = Environment.GetEnvironmentVariable("SLURM_JOB_NODELIST")
                       ?? throw new InvalidOperationException("SLURM_JOB_NODELIST is not set: srun ranks need a Slurm allocation");
        var start = new ProcessStartInfo("scontrol") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "show", "hostnames", nodes }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var hosts = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        process.WaitForExit();
        if (process.ExitCode != 0 || hosts.Length == 0) throw new InvalidOperationException($"scontrol show hostnames {nodes} failed");
        return new SrunRanks(hosts);
    }

    /// <summary>Every rank's endpoint: host n's ranks listen on <paramref name="localPorts"/>[local rank].</summary>
    public IReadOnlyList<string> Endpoints(ResourcesSpec resources, IReadOnlyList<int> localPorts) =>
        Rank.All(resources.InstanceCount, resources.ProcessesPerHost)
            .Select(r => $"{Hosts[r.Node]}:{localPorts[r.Local].ToString(CultureInfo.InvariantCulture)}").ToList();

    /// <summary>
    /// srun's arguments before the command: one step of every task, all or nothing, each task's output appended to
    /// <paramref name="taskLogPattern"/> (see <see cref="TaskLogPattern"/>).
    /// </summary>
    public static IReadOnlyList<string> SrunArguments(ResourcesSpec resources, string taskLogPattern)
    {
        var args = new List<string>
        {
            $"--nodes={Text(resources.InstanceCount)}", $"--ntasks-per-node={Text(resources.ProcessesPerHost)}",
            $"--ntasks={Text(resources.WorldSize)}", $"--cpus-per-task={Text(resources.CpusPerProcess)}",
            "--kill-on-bad-exit=1", $"--output={taskLogPattern}", "--open-mode=append", "--export=ALL",
        };
        if (resources.GpusPerProcess > 0) args.Add($"--gres=gpu:{Text(resources.GpusPerProcess * resources.ProcessesPerHost)}");
        return args;
    }

    /// <summary>
    /// The bash prologue each task runs before exec'ing the job's command ("$@"): its rank variables from Slurm's,
    /// its host's paths for sharded channels (<paramref name="hostChannelPaths"/>[node]: channel → path) and, with
    /// GPUs, its own slice of the devices Slurm gave the node's tasks. A <paramref name="containerTask"/>'s command is
    /// a <c>podman run</c> line: <see cref="RankPlaceholder"/> in it becomes the task's rank, and
    /// <see cref="GpuDevicesPlaceholder"/> a <c>--device nvidia.com/gpu=N</c> for each of the task's GPUs (Slurm's host
    /// indices, <c>SLURM_STEP_GPUS</c>), which the container sees as <c>CUDA_VISIBLE_DEVICES</c> 0, 1, ….
    /// </summary>
    public static string Prologue(ResourcesSpec resources, IReadOnlyList<IReadOnlyDictionary<string, string>> hostChannelPaths,
        bool containerTask = false)
    {
        var script = new StringBuilder();
        script.AppendLine("set -e");
        script.AppendLine("export RANK=\"$SLURM_PROCID\" LOCAL_RANK=\"$SLURM_LOCALID\" NODE_RANK=\"$SLURM_NODEID\" GROUP_RANK=\"$SLURM_NODEID\"");
        script.AppendLine("export CAVIAR_RANK=\"$SLURM_PROCID\" SM_CURRENT_HOST=\"algo-$((SLURM_NODEID + 1))\" CAVIAR_CURRENT_HOST=\"algo-$((SLURM_NODEID + 1))\"");
        if (hostChannelPaths.Any(p => p.Count > 0))
        {
            script.AppendLine("case \"$SLURM_NODEID\" in");
            for (int node = 0; node < hostChannelPaths.Count; node++)
            {
                if (hostChannelPaths[node].Count == 0) continue;
                var exports = hostChannelPaths[node].SelectMany(c =>
                {
                    string upper = c.Key.ToUpperInvariant().Replace('-', '_');
                    return new[] { $"CAVIAR_CHANNEL_{upper}={Quote(c.Value)}", $"SM_CHANNEL_{upper}={Quote(c.Value)}" };
                });
                script.AppendLine($"  {Text(node)}) export {string.Join(' ', exports)} ;;");
            }
            script.AppendLine("esac");
        }
        if (resources.GpusPerProcess > 0)
        {
            string per = Text(resources.GpusPerProcess);
            // A container is given the host's devices: Slurm's own indices (SLURM_STEP_GPUS), not the task's view.
            string devices = containerTask ? "${SLURM_STEP_GPUS:-${SLURM_JOB_GPUS:-${CUDA_VISIBLE_DEVICES:-}}}" : "${CUDA_VISIBLE_DEVICES:-}";
            script.AppendLine($"IFS=, read -r -a caviar_gpus <<< \"{devices}\"");
            script.AppendLine($"export CUDA_VISIBLE_DEVICES=\"$(IFS=,; echo \"${{caviar_gpus[*]:$((SLURM_LOCALID * {per})):{per}}}\")\"");
            script.AppendLine("export SM_NUM_GPUS=" + per + " CAVIAR_NUM_GPUS=" + per);
        }
        if (!containerTask)
        {
            script.Append("exec \"$@\"");
            return script.ToString();
        }
        // A container task: the rank goes into the container's name, the task's GPUs become devices (numbered from 0 inside).
        script.AppendLine("IFS=, read -r -a caviar_mine <<< \"${CUDA_VISIBLE_DEVICES:-}\"");
        if (resources.GpusPerProcess > 0)
            script.AppendLine($"export CUDA_VISIBLE_DEVICES=\"$(seq -s, 0 {Text(resources.GpusPerProcess - 1)})\"");
        script.AppendLine("caviar_args=()");
        script.AppendLine("for caviar_arg in \"$@\"; do");
        script.AppendLine($"  if [ \"$caviar_arg\" = {Quote(GpuDevicesPlaceholder)} ]; then");
        script.AppendLine("    for caviar_gpu in \"${caviar_mine[@]}\"; do caviar_args+=(--device \"nvidia.com/gpu=$caviar_gpu\"); done");
        script.AppendLine($"  else caviar_args+=(\"${{caviar_arg//{RankPlaceholder}/$SLURM_PROCID}}\"); fi");
        script.AppendLine("done");
        script.Append("exec \"${caviar_args[@]}\"");
        return script.ToString();
    }

    /// <summary>The whole command line: srun, its arguments, bash with the prologue, then the job's command.</summary>
    public static IReadOnlyList<string> Command(ResourcesSpec resources, IReadOnlyList<IReadOnlyDictionary<string, string>> hostChannelPaths,
        string taskLogPattern, IReadOnlyList<string> jobCommand, bool containerTask = false) =>
        ["srun", .. SrunArguments(resources, taskLogPattern), "/bin/bash", "-c", Prologue(resources, hostChannelPaths, containerTask),
            "caviar-rank", .. jobCommand];

    /// <summary>
    /// srun's <c>--output</c> pattern for the per-rank logs, from rank 0's log (<c>…/attempt-A.rank-0.log</c> →
    /// <c>…/attempt-A.rank-%t.log</c>): a <c>%</c> of the path itself is escaped as <c>%%</c>.
    /// </summary>
    public static string TaskLogPattern(string rankZeroLog)
    {
        const string suffix = ".rank-0.log";
        if (!rankZeroLog.EndsWith(suffix, StringComparison.Ordinal))
            throw new ArgumentException($"'{rankZeroLog}' is not a rank 0 log (…{suffix})", nameof(rankZeroLog));
        return rankZeroLog[..^suffix.Length].Replace("%", "%%", StringComparison.Ordinal) + ".rank-%t.log";
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

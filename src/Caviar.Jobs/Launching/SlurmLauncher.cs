using System.Diagnostics;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;

namespace Caviar.Jobs.Launching;

/// <summary>
/// Runs each job's runner as a Slurm job: <c>sbatch --wrap "RUNNER job-run DIR"</c>, watched through the job
/// directory (which must be on a file system the nodes share) and <c>squeue</c>; a stop request also
/// <c>scancel</c>s a job still waiting in the queue. The Slurm job id is kept in DIR/slurm-job-id. A job of several
/// processes gets an allocation of all of them and its runner starts them as one srun step. <paramref name="clock"/>
/// times its polls (default the system clock).
/// </summary>
public sealed class SlurmLauncher(IReadOnlyList<string> runnerCommand, string? partition = null, TimeProvider? clock = null)
    : DetachedRunnerLauncher(clock)
{
    private static string JobIdFile(string jobDirectory) => Path.Combine(jobDirectory, "slurm-job-id");

    protected override void StartRunner(string jobDirectory)
    {
        var request = JobRequest.Read(jobDirectory);
        if (request.Spec.Resources.UsesRanks && request.RanksThrough != JobRequest.Srun)
            (request with { RanksThrough = JobRequest.Srun }).Write();
        string output = Slurm("sbatch", SbatchArguments(jobDirectory, request.Spec.Resources));
        File.WriteAllText(JobIdFile(jobDirectory), output.Split(';')[0].Trim());
    }

    /// <summary>
    /// sbatch's arguments for a job's runner. A job of several processes (or with GPUs) asks for its whole allocation,
    /// <c>--nodes N --ntasks-per-node M --cpus-per-task C</c> and <c>--gres=gpu:G×M</c> when it asks for GPUs; the
    /// runner, on the first node, starts the ranks as one srun step (<see cref="Distributed.SrunRanks"/>).
    /// </summary>
    public IReadOnlyList<string> SbatchArguments(string jobDirectory, Specs.ResourcesSpec resources)
    {
        string name = "caviar-" + Path.GetFileName(jobDirectory);
        var args = new List<string> { "--parsable", $"--job-name={name}", $"--output={Path.Combine(jobDirectory, "slurm-%j.out")}",
            $"--chdir={jobDirectory}" };
        if (partition is not null) args.Add($"--partition={partition}");
        if (resources.UsesRanks)
        {
            args.Add($"--nodes={resources.InstanceCount}");
            args.Add($"--ntasks-per-node={resources.ProcessesPerHost}");
            args.Add($"--cpus-per-task={resources.CpusPerProcess}");
            if (resources.GpusPerProcess > 0) args.Add($"--gres=gpu:{resources.GpusPerProcess * resources.ProcessesPerHost}");
        }
        args.Add("--wrap=" + string.Join(' ', runnerCommand.Append(RunnerVerb).Append(jobDirectory).Select(Quote)));
        return args;
    }

    protected override bool RunnerAlive(JobStatus? status, JobDirectory job)
    {
        string idFile = JobIdFile(job.Root);
        if (!File.Exists(idFile)) return false;
        string state = Slurm("squeue", ["-h", "-j", File.ReadAllText(idFile).Trim(), "-o", "%T"]).Trim();
        if (state == "PENDING" && File.Exists(job.StopRequestFile))
        {
            Slurm("scancel", [File.ReadAllText(idFile).Trim()]);
            return false;
        }
        return state is "PENDING" or "CONFIGURING" or "RUNNING" or "COMPLETING" or "SUSPENDED";
    }

    private static string Quote(string part) => "'" + part.Replace("'", "'\\''") + "'";

    private static string Slurm(string tool, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd(), error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        // squeue exits non-zero for a job id it no longer knows: that job is simply gone.
        if (process.ExitCode != 0 && tool != "squeue")
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error.Trim()}");
        return process.ExitCode == 0 ? output : "";
    }
}

using System.ComponentModel;
using System.Runtime.InteropServices;
using Caviar.Jobs.Distributed;
using Caviar.Jobs.Launching;
using Caviar.Jobs.Running;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar job-run DIR</c> (internal): runs the job described by DIR/request.json. Started by the local launcher
/// in a session of its own, so the job outlives the tuning process that asked for it. SIGTERM stops the job.
/// </summary>
internal sealed class JobRunCommand : Command<JobRunCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<JOB_DIR>")]
        [Description("A job directory holding request.json.")]
        public string JobDirectory { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        Run(settings.JobDirectory, cancellation);

    /// <summary>
    /// Runs the job; Program calls this directly for <c>job-run DIR</c>, without building the command-line app, since
    /// a runner starts once per trial and its start-up is part of every trial's overhead.
    /// </summary>
    public static int Run(string jobDirectory, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var request = JobRequest.Read(jobDirectory);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                stop.Cancel();
            });
            try
            {
                // A pod of a Kubernetes Indexed Job: host 0 runs the job, the others follow it with their own ranks.
                var pods = request.Spec.Resources.InstanceCount > 1 ? PodRanks.FromEnvironment() : null;
                if (pods is { Node: > 0 })
                    return new HostFollower(pods, TimeProvider.System).RunAsync(request, stop.Token).GetAwaiter().GetResult() == JobState.Completed ? 0 : 1;
                var runner = new TrainingJobRunner(TimeProvider.System)
                {
                    Srun = request.RanksThrough == JobRequest.Srun && request.Spec.Resources.UsesRanks ? SrunRanks.OfThisAllocation() : null,
                    Pods = pods,
                    YieldsToRanks = true,   // this process is the job's runner and nothing else
                };
                var status = runner.RunAsync(request.Spec, request.JobName,
                    request.BaseDirectory, request.Directory, null, null, stop.Token).GetAwaiter().GetResult();
                return status.State == JobState.Completed ? 0 : 1;
            }
            catch (IOException error) when (DiskSpace.IsFull(error))
            {
                return DiskSpace.RunnerExitCode;   // not even a status could be written: the launcher says why
            }
        });

    /// <summary>
    /// <c>caviar job-run --standby JOBS_DIR</c> (internal): a runner started ahead of its job (<see cref="StandbyRunner"/>),
    /// which waits for a job directory under JOBS_DIR on standard input, then runs it as <see cref="Run"/> does, its output
    /// in JOB/runner.log. Exits 0 without running anything when its input closes first. While it waits it warms its
    /// code up (<see cref="StandbyWarmUp"/>).
    /// </summary>
    public static int RunWhenHandedOver(string jobsDirectory) =>
        CliErrors.Guard(() =>
        {
            var warmUp = new Thread(StandbyWarmUp.Run) { IsBackground = true, Name = "standby warm-up" };
            warmUp.Start();
            try
            {
                if (StandbyHandOver.WaitForJob(jobsDirectory) is not { } jobDirectory) return 0;
                StandbyHandOver.TakeOverOutput(Path.Combine(jobDirectory, "runner.log"));
                return Run(jobDirectory, CancellationToken.None);
            }
            finally
            {
                warmUp.Join(StandbyWarmUp.MaxDuration);   // so that it removes its temporary directory
            }
        });
}

using Caviar.Jobs.Distributed;
using Caviar.Jobs.Specs;
using Caviar.Validation;
using Spectre.Console;

namespace Caviar.Cli.Commands;

/// <summary>
/// Fits a local tuning run to this host: refuses a job asking for more GPUs than the host has, and runs only as many
/// trials at once as the slots (--slots, default the cores) and the GPUs hold, saying so when that is fewer.
/// </summary>
internal static class LocalTrials
{
    public static int Fit(TrainingJobSpec job, string baseDirectory, int maxParallel, TuneCommand.Settings settings)
    {
        if (settings.Slots is < 1) throw new CaviarValidationException("--slots", "must be at least 1");
        var gpus = settings.HostGpus();
        ResourcesValidator.Validate(job, baseDirectory, "trainingJob.", gpus);
        var (parallel, reason) = LocalCapacity.Trials(maxParallel, job.Resources, settings.Slots ?? LocalCapacity.DefaultSlots, gpus);
        if (reason is not null) AnsiConsole.MarkupLine($"Running {parallel} trial(s) at once: {Markup.Escape(reason)}.");
        return parallel;
    }
}

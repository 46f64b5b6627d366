using System.ComponentModel;
using Caviar.Cli.Conventions;
using Caviar.Jobs.Layout;
using Caviar.Jobs.Running;
using Caviar.Jobs.Tuning;
using Caviar.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar stop NAME</c>: asks a running tuning job (a study in the store) or training job (a job directory)
/// to stop. A tuning job launches nothing more and stops its running trials; their state becomes Stopped (a PBT
/// population's member-rounds stay Running instead, for <c>caviar tune --resume</c> to run on from their checkpoints).
/// </summary>
internal sealed class StopCommand : Command<StopCommand.Settings>
{
    public sealed class Settings : ArtifactSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("A tuning job (study) or training job name.")]
        public string Name { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            string artifacts = settings.ResolveArtifacts();
            bool isStudy = false;
            if (settings.StoreExists())
                using (var store = settings.OpenExistingStore()) isStudy = store.FindStudy(settings.Name) is not null;
            if (isStudy)
            {
                var control = new TuningControl(artifacts, settings.Name);
                if (!control.HasListener)
                {
                    CliConsole.WriteError(null, $"no tuning process is running '{settings.Name}' (with these --artifacts); nothing to stop");
                    return CliErrors.Failed;
                }
                control.RequestStop();
                AnsiConsole.MarkupLine($"Asked tuning job [bold]{Markup.Escape(settings.Name)}[/] to stop.");
                return 0;
            }
            var job = JobDirectory.For(artifacts, settings.Name);
            if (JobStatus.Read(job.StatusFile) is not { } status)
                throw new CaviarValidationException("NAME", $"no tuning job or training job named '{settings.Name}'");
            if (status.State != JobState.Running)
            {
                AnsiConsole.MarkupLine($"Job {Markup.Escape(settings.Name)} is already {status.State}.");
                return 0;
            }
            File.WriteAllText(job.StopRequestFile, "");
            AnsiConsole.MarkupLine($"Asked training job [bold]{Markup.Escape(settings.Name)}[/] to stop.");
            return 0;
        });
}

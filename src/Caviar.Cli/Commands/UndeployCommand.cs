using System.ComponentModel;
using Caviar.Serving.Registry;
using Caviar.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar undeploy NAME</c>: stops a running endpoint (gracefully: it answers what it has taken, then exits).</summary>
internal sealed class UndeployCommand : Command<UndeployCommand.Settings>
{
    public sealed class Settings : ArtifactSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("The endpoint's name.")]
        public string Name { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var registry = EndpointRegistry.Under(settings.ResolveArtifacts());
            var record = registry.Find(settings.Name) ?? throw new CaviarValidationException("NAME", $"no running endpoint named '{settings.Name}'");
            EndpointControl.StopAsync(registry, record).GetAwaiter().GetResult();
            AnsiConsole.MarkupLine($"Endpoint {Markup.Escape(settings.Name)} stopped.");
            return 0;
        });
}

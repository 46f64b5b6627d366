using System.ComponentModel;
using System.Diagnostics;
using Caviar.Serving.Registry;
using Caviar.Validation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar undeploy NAME</c>: stops a running endpoint (gracefully: it answers what it has taken, then exits).</summary>
public sealed class UndeployCommand : Command<UndeployCommand.Settings>
{
    /// <summary>How long the endpoint gets to stop before it is killed.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(15);

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
            using var process = Process.GetProcessById(record.ProcessId);
            try
            {
                using var client = EndpointClient.For(record);
                client.PostAsync("/admin/shutdown", null).GetAwaiter().GetResult().Dispose();
            }
            catch (HttpRequestException) { }
            if (!process.WaitForExit(GracePeriod)) process.Kill();
            registry.Find(settings.Name);   // drops the file if the process could not remove it
            AnsiConsole.MarkupLine($"Endpoint {Markup.Escape(settings.Name)} stopped.");
            return 0;
        });
}

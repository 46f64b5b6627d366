using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Caviar.Serving.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar endpoints</c>: the running endpoints (stale entries of killed ones are dropped).</summary>
internal sealed class EndpointsCommand : Command<EndpointsCommand.Settings>
{
    public sealed class Settings : ArtifactSettings
    {
        [CommandOption("--json")]
        [Description("Print the endpoints as JSON (name, url, processId, variants; no tokens).")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            var endpoints = EndpointRegistry.Under(settings.ResolveArtifacts()).List();
            if (settings.Json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(endpoints.Select(e => new
                {
                    name = e.Name, url = e.Url, processId = e.ProcessId, startedAt = e.StartedAt,
                    variants = e.Variants.Select(v => new { name = v.Name, modelPath = v.ModelPath, weight = v.Weight }),
                })));
                return 0;
            }
            if (endpoints.Count == 0)
            {
                AnsiConsole.MarkupLine("No endpoint is running.");
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("endpoint", "url", "process", "variants");
            foreach (var e in endpoints)
                table.AddRow(Markup.Escape(e.Name), Markup.Escape(e.Url), e.ProcessId.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join("\n", e.Variants.Select(v => $"{v.Name} ({v.Weight.ToString(CultureInfo.InvariantCulture)}): {v.ModelPath}"))));
            AnsiConsole.Write(table);
            return 0;
        });
}

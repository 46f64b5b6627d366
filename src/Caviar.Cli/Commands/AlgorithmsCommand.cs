using System.ComponentModel;
using System.Text.Json;
using Caviar.BuiltIns;
using Caviar.Cli.Conventions;
using Caviar.Jobs.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>caviar algorithms [NAME] [--json]</c>: the built-in algorithms, or one algorithm's hyperparameters (name, type,
/// range, default, tunable) as declared in <see cref="BuiltInAlgorithmCatalog"/> — what specs are checked against.
/// </summary>
internal sealed class AlgorithmsCommand : Command<AlgorithmsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[NAME]")]
        [Description("An algorithm (mlp, cnn, gbt, linear); without it, every algorithm is listed.")]
        public string? Name { get; init; }

        [CommandOption("--json")]
        [Description("Print the declarations as JSON.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        CliErrors.Guard(() =>
        {
            // Piped output has no terminal to measure: a width given in COLUMNS keeps the table's rows whole.
            if (Console.IsOutputRedirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns >= 40)
                AnsiConsole.Profile.Width = columns;
            var algorithms = settings.Name is null ? BuiltInAlgorithmCatalog.All : [BuiltInAlgorithmCatalog.Get(settings.Name, "NAME")];
            if (settings.Json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(algorithms.Select(ToJson), new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            if (settings.Name is null)
            {
                var list = new Table().Border(TableBorder.Rounded).AddColumns("algorithm", "what", "hyperparameters");
                foreach (var algorithm in algorithms)
                    list.AddRow(algorithm.Name, Markup.Escape(algorithm.Description), algorithm.HyperParameters.Count.ToString());
                AnsiConsole.Write(list);
                AnsiConsole.MarkupLine("`caviar algorithms NAME` lists an algorithm's hyperparameters.");
                NotePluginIfAbsent(algorithms);
                return 0;
            }
            var algorithmSpec = algorithms[0];
            // A narrow terminal gets the descriptions under the table rather than squeezed into a column.
            bool wide = AnsiConsole.Profile.Width >= WideTable;
            AnsiConsole.MarkupLine($"[bold]{algorithmSpec.Name}[/]: {Markup.Escape(algorithmSpec.Description)}");
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns(new TableColumn("hyperparameter").NoWrap(), new TableColumn("type").NoWrap(), new TableColumn("range"),
                    new TableColumn("default"), new TableColumn("tunable").NoWrap());
            if (wide) table.AddColumn("what");
            foreach (var h in algorithmSpec.HyperParameters)
            {
                string[] cells = [h.Name, TypeName(h.Type), Markup.Escape(h.RangeText), Markup.Escape(h.DefaultText), h.Tunable ? "yes" : "no"];
                table.AddRow(wide ? [.. cells, Markup.Escape(h.Description)] : cells);
            }
            AnsiConsole.Write(table);
            if (!wide)
                foreach (var h in algorithmSpec.HyperParameters)
                    AnsiConsole.MarkupLine($"  {h.Name}: {Markup.Escape(h.Description)}");
            NotePluginIfAbsent(algorithms);
            return 0;
        });

    /// <summary>
    /// Listed algorithms that run in the neural plugin cannot train without it: when it is absent, a note on standard
    /// error says so and how to add it (the listing itself stays on standard output).
    /// </summary>
    private static void NotePluginIfAbsent(IEnumerable<AlgorithmSpecification> listed)
    {
        var neural = listed.Select(a => a.Name).Where(NeuralPlugin.Algorithms.Contains).ToList();
        if (neural.Count > 0 && NeuralPlugin.Find() is null)
            CliConsole.Messages.WriteLine("note: " + NeuralPlugin.HowToAdd(string.Join(" and ", neural)));
    }

    /// <summary>The width from which the descriptions get a column of their own.</summary>
    private const int WideTable = 130;

    private static string TypeName(HyperParameterType type) => type switch
    {
        HyperParameterType.IntegerList => "integer list",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static object ToJson(AlgorithmSpecification algorithm) => new
    {
        name = algorithm.Name,
        description = algorithm.Description,
        hyperParameters = algorithm.HyperParameters.Select(h => new
        {
            name = h.Name,
            type = TypeName(h.Type),
            minValue = h.MinValue,
            minExclusive = h.MinExclusive,
            maxValue = h.MaxValue,
            maxExclusive = h.MaxExclusive,
            values = h.Type == HyperParameterType.Categorical ? h.Values : null,
            @default = h.Default,
            defaultText = h.DefaultText,
            tunable = h.Tunable,
            description = h.Description,
        }),
    };
}

using System.ComponentModel;
using Caviar.Algorithms.Hosting;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary><c>caviar builtin NAME</c> (internal): runs a built-in algorithm as a training job's program.</summary>
internal sealed class BuiltInCommand : Command<BuiltInCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ALGORITHM>")]
        [Description("gbt or linear (mlp and cnn run in the neural plugin, caviar-neural).")]
        public string Algorithm { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation) =>
        BuiltInAlgorithmHost.Run(settings.Algorithm, Console.Out, BuiltInAlgorithmHost.Tabular);
}

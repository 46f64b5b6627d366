using System.ComponentModel;
using Caviar.Jobs.Layout;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>The --artifacts option of commands that run or read jobs (plus --store).</summary>
internal class ArtifactSettings : StoreSettings
{
    [CommandOption("--artifacts <DIR>")]
    [Description("Folder of job files: logs, models, checkpoints (default: $CAVIAR_ARTIFACTS, else ./caviar-artifacts).")]
    public string? Artifacts { get; init; }

    public string ResolveArtifacts() => ArtifactsRoot.Resolve(Artifacts);
}

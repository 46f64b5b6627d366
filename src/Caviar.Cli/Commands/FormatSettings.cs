using System.ComponentModel;
using Caviar.Cli.Output;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

// --json and --format, on each kind of reading verb's settings (Spectre settings inherit from one class only).

/// <summary>Settings of reading verbs over the whole store (list).</summary>
internal class FormattedStoreSettings : StoreSettings
{
    [CommandOption("--json")]
    [Description("Print JSON (same as --format json).")]
    public bool Json { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("table (default), json or csv. Tables become plain aligned columns when output is not a terminal.")]
    public string? Format { get; init; }

    public OutputFormat ResolveFormat(OutputFormat fallback = OutputFormat.Table) => OutputFormats.Resolve(Json, Format, fallback);
}

/// <summary>Settings of reading verbs over one study (describe, best, export).</summary>
internal class FormattedStudySettings : StudySettings
{
    [CommandOption("--json")]
    [Description("Print JSON (same as --format json).")]
    public bool Json { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("table, json or csv (default: table; csv for export). Tables become plain aligned columns when output is not a terminal.")]
    public string? Format { get; init; }

    public OutputFormat ResolveFormat(OutputFormat fallback = OutputFormat.Table) => OutputFormats.Resolve(Json, Format, fallback);
}

/// <summary>Settings of reading verbs over the artifacts folder (jobs, logs).</summary>
internal class FormattedArtifactSettings : ArtifactSettings
{
    [CommandOption("--json")]
    [Description("Print JSON (same as --format json).")]
    public bool Json { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("table (default), json or csv. Tables become plain aligned columns when output is not a terminal.")]
    public string? Format { get; init; }

    public OutputFormat ResolveFormat(OutputFormat fallback = OutputFormat.Table) => OutputFormats.Resolve(Json, Format, fallback);
}

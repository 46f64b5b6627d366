using Caviar.Validation;

namespace Caviar.Cli.Output;

/// <summary>What a reading verb prints: a table for people, JSON or CSV for programs.</summary>
internal enum OutputFormat { Table, Json, Csv }

internal static class OutputFormats
{
    /// <summary>--json wins; else --format (table, json or csv, any case); else <paramref name="fallback"/>.</summary>
    public static OutputFormat Resolve(bool json, string? format, OutputFormat fallback = OutputFormat.Table)
    {
        if (json) return OutputFormat.Json;
        if (format is null) return fallback;
        return Enum.TryParse<OutputFormat>(format, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                                                                                       && !int.TryParse(format, out _)
            ? parsed
            : throw new CaviarValidationException("--format", $"'{format}' is not table, json or csv");
    }
}

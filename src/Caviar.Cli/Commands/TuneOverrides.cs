using Caviar.Jobs.Tuning;
using Caviar.Validation;

namespace Caviar.Cli.Commands;

/// <summary>
/// <c>tune</c>'s flags that replace spec fields (--name, --max-trials, --max-parallel, --seed, --strategy), checked
/// like the fields themselves; a refusal names the flag.
/// </summary>
internal static class TuneOverrides
{
    private static readonly Dictionary<string, string> FlagOfField = new(StringComparer.Ordinal)
    {
        ["name"] = "--name", ["limits.maxTrials"] = "--max-trials", ["limits.maxParallel"] = "--max-parallel",
        ["strategy"] = "--strategy", ["seed"] = "--seed", ["hyperband"] = "--strategy", ["earlyStopping"] = "--strategy",
    };

    /// <summary>
    /// The plan of <paramref name="spec"/> with the flags' values in place of its fields, checked once: every bad field
    /// is reported, and one that a flag gave is named by the flag.
    /// </summary>
    public static TuningPlan Compile(TuningSpec spec, TuneCommand.Settings flags, string baseDirectory)
    {
        var overridden = spec with
        {
            Name = flags.Name ?? spec.Name,
            Seed = flags.Seed ?? spec.Seed,
            Strategy = flags.Strategy ?? spec.Strategy,
            Limits = spec.Limits with
            {
                MaxTrials = flags.MaxTrials ?? spec.Limits.MaxTrials,
                MaxParallel = flags.MaxParallel ?? flags.Parallel ?? spec.Limits.MaxParallel,
            },
        };
        try
        {
            return TuningSpecLoader.Compile(overridden, baseDirectory, flags.Kind());
        }
        catch (CaviarValidationException error)
        {
            throw error.WithFields(field => FlagOf(field, flags) ?? field);
        }
    }

    /// <summary>The flag that gave <paramref name="field"/>'s value, as the user wrote it (--parallel is --max-parallel's alias); null when the spec gave it.</summary>
    private static string? FlagOf(string field, TuneCommand.Settings flags) =>
        FlagOfField.TryGetValue(field, out string? flag) && Given(flags, flag)
            ? flag == "--max-parallel" && flags.MaxParallel is null ? "--parallel" : flag
            : null;

    private static bool Given(TuneCommand.Settings flags, string flag) => flag switch
    {
        "--name" => flags.Name is not null,
        "--max-trials" => flags.MaxTrials is not null,
        "--max-parallel" => flags.MaxParallel is not null || flags.Parallel is not null,
        "--strategy" => flags.Strategy is not null,
        "--seed" => flags.Seed is not null,
        _ => false,
    };
}

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

    public static TuningSpec Apply(TuningSpec spec, TuneCommand.Settings flags, string baseDirectory)
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
        if (overridden == spec) return spec;
        try
        {
            TuningSpecLoader.Validate(overridden, baseDirectory);
        }
        catch (CaviarValidationException error) when (FlagOfField.TryGetValue(error.Field, out string? flag) && Given(flags, flag))
        {
            // Named as the user wrote it: --parallel is --max-parallel's alias.
            throw new CaviarValidationException(flag == "--max-parallel" && flags.MaxParallel is null ? "--parallel" : flag, error.Reason);
        }
        return overridden;
    }

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

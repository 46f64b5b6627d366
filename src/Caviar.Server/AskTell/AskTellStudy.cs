using System.Collections.Concurrent;
using Caviar.Jobs.Specs;
using Caviar.Jobs.Tuning;
using Caviar.SearchSpaces;
using Caviar.Specs;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Validation;

namespace Caviar.Server.AskTell;

/// <summary>
/// An ask/tell study opened for one request: the stored study with the strategy and pruner its stored spec names.
/// The parsed spec of each study is kept (a study's spec never changes), so a request reads only what it needs.
/// </summary>
public sealed class AskTellStudy
{
    private static readonly ConcurrentDictionary<(string Name, long Id), (TuningSpec Spec, SearchSpace Space)> Specs = new();

    private AskTellStudy(Study study, TuningSpec spec, SearchSpace space)
    {
        Study = study;
        Spec = spec;
        Space = space;
    }

    public Study Study { get; }
    public TuningSpec Spec { get; }
    public SearchSpace Space { get; }

    /// <summary>The study named <paramref name="name"/>, or null when there is none; refuses a study Caviar runs itself.</summary>
    public static AskTellStudy? Open(IStudyStore store, string name)
    {
        SafeNames.EnsureJobName(name, "name");
        if (store.FindStudy(name) is not { } record) return null;
        var (spec, space) = Specs.GetOrAdd((record.Name, record.Id), _ =>
        {
            var stored = SpecCompatibility.Stored(record);
            if (stored is null || stored.TrainingJob is not null || stored.Objective?.Function is not null ||
                stored.HyperParameterRanges is null)
                throw new CaviarValidationException("name",
                    $"'{name}' is a tuning job Caviar runs itself; ask/tell studies are created with POST /api/studies");
            return (stored, new SearchSpace(stored.HyperParameterRanges, "space"));
        });
        var options = new StudyOptions
        {
            Strategy = StrategyFactory.Create(StrategyNames.SamplerOf(spec.Strategy)), Seed = spec.Seed,
            Pruner = TuningOrchestrator.PrunerFor(spec),
        };
        return new AskTellStudy(Study.Load(store, name, options), spec, space);
    }
}

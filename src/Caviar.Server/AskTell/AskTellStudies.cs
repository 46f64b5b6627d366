using System.Collections.Concurrent;
using Caviar.Jobs.Specs;
using Caviar.Jobs.Tuning;
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Validation;

namespace Caviar.Server.AskTell;

/// <summary>
/// The ask/tell studies the API serves. Ask/tell requests are small and many (a Python loop sends two per trial), so
/// they share one store opened for the server's lifetime (stores are safe to use from many threads) instead of one
/// per request, and each study's handle is kept once opened: its spec, strategy and pruner never change.
/// </summary>
internal sealed class AskTellStudies(ServerOptions options) : IDisposable
{
    private readonly Lazy<IStudyStore> _store = new(options.OpenStore);
    private readonly ConcurrentDictionary<string, AskTellStudy> _opened = new(StringComparer.Ordinal);

    public IStudyStore Store => _store.Value;

    /// <summary>The study named <paramref name="name"/>, or null when there is none; refuses a study Caviar runs itself.</summary>
    public AskTellStudy? Open(string name)
    {
        SafeNames.EnsureJobName(name, "name");
        if (_opened.TryGetValue(name, out var known)) return known;
        if (Store.FindStudy(name) is not { } record) return null;
        var spec = SpecCompatibility.Stored(record);
        if (spec is null || spec.TrainingJob is not null || spec.Objective?.Function is not null || spec.HyperParameterRanges is null)
            throw new CaviarValidationException("name",
                $"'{name}' is a tuning job Caviar runs itself; ask/tell studies are created with POST /api/studies");
        return _opened.GetOrAdd(name, _ =>
        {
            var plan = TuningSpecLoader.CompileAskTell(spec);
            var studyOptions = new StudyOptions { Strategy = plan.Strategy, Seed = plan.Seed, Pruner = plan.Pruner };
            return new AskTellStudy(Study.Load(Store, name, studyOptions), plan);
        });
    }

    public void Dispose()
    {
        if (_store.IsValueCreated) _store.Value.Dispose();
    }
}

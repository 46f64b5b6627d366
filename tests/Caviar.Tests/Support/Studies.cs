using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.TestFunctions;
using Caviar.Trials;

namespace Caviar.Tests.Support;

/// <summary>Small builders the tests share.</summary>
public static class Studies
{
    public static Study InMemory(ISearchStrategy? strategy = null, int seed = 0,
        ObjectiveDirection direction = ObjectiveDirection.Minimize, TimeProvider? clock = null) =>
        Study.Create(new InMemoryStudyStore(), "test", direction, new StudyOptions
        {
            Strategy = strategy ?? new TpeStrategy(), Seed = seed, Clock = clock ?? TimeProvider.System,
        });

    /// <summary>Best value found minus the global minimum after <paramref name="trials"/> trials.</summary>
    public static double Regret(StandardFunction function, ISearchStrategy strategy, int seed, int trials)
    {
        var study = InMemory(strategy, seed);
        study.Optimize(t => function.Evaluate(t.Params), new TuningLimits { MaxTrials = trials }, space: function.Space);
        return study.BestTrial!.Value!.Value - function.GlobalMinimum;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static IReadOnlyList<IReadOnlyDictionary<string, object>> ParamsOf(Study study) =>
        study.Trials.Select(t => t.ExternalParams).ToArray();
}

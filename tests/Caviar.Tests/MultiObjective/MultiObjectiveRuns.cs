using Caviar.MultiObjective;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Studies;
using Caviar.TestFunctions;

namespace Caviar.Tests.MultiObjective;

/// <summary>Runs a strategy on a test problem in memory and measures what it found.</summary>
internal static class MultiObjectiveRuns
{
    public static Study Run(MultiObjectiveFunction function, ISearchStrategy strategy, int seed, int trials,
        Func<double[], double[]>? constraints = null)
    {
        constraints ??= function.Constraints;
        var study = Study.Create(new InMemoryStudyStore(), function.Name, function.Directions, new StudyOptions
        {
            Strategy = strategy, Seed = seed,
            Constraints = constraints is null ? null : trial => constraints(function.Point(trial.ExternalParams)),
        });
        study.Optimize(t => function.Objectives(function.Point(t.Params)), new TuningLimits { MaxTrials = trials }, function.Space);
        return study;
    }

    public static double Hypervolume(Study study, MultiObjectiveFunction function) =>
        ParetoFront.Hypervolume(study.Trials, study.Directions, function.Reference);
}

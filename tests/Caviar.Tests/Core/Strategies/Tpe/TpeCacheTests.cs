using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Strategies.Tpe;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Tests.Strategies;

/// <summary>
/// Strategies are stateless replay: what TPE keeps between asks (each trial's cube point and loss, reused when the
/// history holds the same record again) must be a pure optimisation. One strategy asked again and again (warm) must
/// suggest exactly what a new strategy (cold) suggests from the same history, also when the history's records are
/// new objects (as a SQL store without the trial cache hands out), when trials fail, and when a range is left out.
/// </summary>
public class TpeCacheTests
{
    [Fact]
    public void A_warm_strategy_suggests_exactly_what_a_cold_one_does()
    {
        var space = new SearchSpace([
            new ContinuousRange("x", -5, 10), new ContinuousRange("lr", 1e-4, 1, ScalingType.Logarithmic),
            new IntegerRange("layers", 1, 8), new CategoricalRange("kind", ["a", "b", "c"]),
        ]);
        var onlyX = new SearchSpace([new ContinuousRange("x", -5, 10)]);
        using var store = new InMemoryStudyStore();
        var warm = new TpeStrategy();
        var study = Study.Create(store, "warm-cold", ObjectiveDirection.Minimize, new StudyOptions { Strategy = warm, Seed = 3 });
        var random = new Random(5);
        int compared = 0;
        for (int n = 0; n < 160; n++)
        {
            var history = study.CurrentTrials();
            IReadOnlyList<TrialRecord> given = n % 7 == 3 ? history.Select(t => t with { }).ToList() : history;   // new objects
            StrategyContext Context() => new(given, ObjectiveDirection.Minimize, history.Count, 3);   // its Random is drawn from
            var asked = n % 11 == 5 ? onlyX : space;
            var fromWarm = warm.ProposeJoint(Context(), asked);
            var fromCold = new TpeStrategy().ProposeJoint(Context(), asked);
            Assert.True(fromCold.OrderBy(p => p.Key).SequenceEqual(fromWarm.OrderBy(p => p.Key)),
                $"ask {n}: cold {string.Join(", ", fromCold.OrderBy(p => p.Key))}, warm {string.Join(", ", fromWarm.OrderBy(p => p.Key))}");
            compared++;

            var trial = study.Ask(asked);
            double x = (double)trial.Params["x"];
            double value = random.NextDouble() < 0.05 ? double.NaN : (x - 2) * (x - 2) + random.NextDouble();
            study.Tell(trial, value);
        }
        Assert.Equal(160, compared);
        Assert.True(study.Trials.Count(t => t.State == TrialState.Completed) > 100);
    }
}

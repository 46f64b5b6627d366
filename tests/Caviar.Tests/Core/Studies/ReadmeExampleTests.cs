using Caviar.MultiObjective;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Trials;

namespace Caviar.Tests.MultiObjective;

/// <summary>README.md's multi-objective example, with stand-ins for the model's measurements.</summary>
public class ReadmeExampleTests
{
    private static double SizeKiB(IReadOnlyDictionary<string, object> p) => (long)p["width"] * 8 * (1 - (double)p["sparsity"]);
    private static double Accuracy(long width, double sparsity) => 1 - 1.0 / width - 0.1 * sparsity * sparsity;
    private static double LatencyMs(long width, double sparsity) => 0.001 * width * (1 - 0.8 * sparsity);

    [Fact]
    public void The_readme_example_finds_a_feasible_front()
    {
        using var store = new InMemoryStudyStore();
        var study = Study.Create(store, "accuracy-vs-latency", [ObjectiveDirection.Maximize, ObjectiveDirection.Minimize],
            new StudyOptions
            {
                Seed = 1,
                Constraints = trial => [SizeKiB(trial.ExternalParams) - 500],
            });
        study.Optimize(trial =>
        {
            long width = trial.SuggestInt("width", 8, 128);
            double sparsity = trial.SuggestFloat("sparsity", 0, 0.9);
            return (Accuracy(width, sparsity), LatencyMs(width, sparsity));
        }, new TuningLimits { MaxTrials = 200 });

        Assert.Equal("nsga2", study.Strategy.Name);
        Assert.True(study.BestTrials.Count >= 5);
        Assert.All(study.BestTrials, t => Assert.True(SizeKiB(t.ExternalParams) <= 500));
        Assert.Contains(study.Trials, t => !t.IsFeasible);
        Assert.Matches(@"^trial \d+ Completed values=\[.+, .+\] feasible \{.+\}$", study.BestTrials[0].ToString());
        Assert.True(ParetoFront.Hypervolume(study.Trials, study.Directions, [0.5, 1.0]) > 0);
    }
}

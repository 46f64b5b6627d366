using Caviar.Strategies;
using Caviar.Strategies.Nsga;
using Caviar.Validation;

namespace Caviar.Tests.MultiObjective;

public class NsgaIIOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new NsgaIIOptions();
        Assert.Equal(12, options.PopulationSize);
        Assert.Equal(0.9, options.CrossoverProbability);
        Assert.Equal(15, options.CrossoverEta);
        Assert.Null(options.MutationProbability);
        Assert.Equal(2, options.MutationEta);
        Assert.Equal(StartupSampling.Random, options.Startup);
        Assert.Equal(0, options.ModelBasedGenerations);
        Assert.False(options.ModelBasedForManyObjectives);
        // The default for several objectives: the same settings with a model-based start of 5 generations, and
        // model-based throughout with three or more objectives.
        Assert.Equal(options with { ModelBasedGenerations = 5, ModelBasedForManyObjectives = true }, NsgaIIOptions.SeveralObjectivesDefault);
        Assert.Equal(NsgaIIOptions.SeveralObjectivesDefault, NsgaIIStrategy.SeveralObjectivesDefault().Options);
    }

    [Fact]
    public void Negative_model_based_generations_are_refused()
    {
        var error = Assert.Throws<CaviarValidationException>(() => new NsgaIIStrategy(new NsgaIIOptions { ModelBasedGenerations = -1 }));
        Assert.Equal("nsga2.modelBasedGenerations", error.Field);
    }
}

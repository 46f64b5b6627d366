namespace Caviar.Strategies.CmaEs;

/// <summary>
/// Rebuilds the CMA-ES state from a study's completed trials, so the strategy keeps no state of its own and every
/// process sharing a store proposes alike. Warm-start trials (negative numbers) and the first
/// <see cref="CmaEsOptions.StartupTrials"/> completed trials pick the first mean (their best; the centre when there
/// are none); the remaining completed trials, in trial-number order, form the generations, λ at a time. A run that
/// <see cref="CmaEsState.ShouldStop"/>s restarts from a random mean (drawn from the study seed and the restart's
/// number) with a population <see cref="CmaEsOptions.RestartPopulationFactor"/> times larger (IPOP). A last,
/// incomplete generation waits: trials asked meanwhile (parallel trials) sample from the same state with their own
/// random draws.
/// </summary>
internal static class CmaEsReplay
{
    private const int MaxPopulation = 1 << 16;

    public static (CmaEsState State, int Restarts) Run(IReadOnlyList<CubePoint> observed, int dimensions, CmaEsOptions options, int studySeed)
    {
        var start = observed.Where(o => o.Number < 0).ToList();
        var own = observed.Where(o => o.Number >= 0).ToList();
        start.AddRange(own.Take(options.StartupTrials));
        double[] mean = start.Count > 0 ? start.MinBy(o => o.Loss).Coordinates : Enumerable.Repeat(0.5, dimensions).ToArray();
        int firstLambda = options.PopulationSize ?? CmaEsParameters.DefaultLambda(dimensions);
        var state = new CmaEsState(mean, options.InitialSigma, firstLambda);
        int restarts = 0;
        var generation = new List<(double[] X, double Loss)>(firstLambda);
        foreach (var point in own.Skip(options.StartupTrials))
        {
            generation.Add((point.Coordinates, point.Loss));
            if (generation.Count < state.Lambda) continue;
            state.Tell(generation);
            generation.Clear();
            if (options.RestartPopulationFactor > 0 && state.ShouldStop(options.TolX, options.TolFun))
            {
                restarts++;
                double lambda = firstLambda * Math.Pow(options.RestartPopulationFactor, restarts);
                var random = new Random(SeedMixer.ForTrial(studySeed, -1 - restarts));
                var restartMean = Enumerable.Range(0, dimensions).Select(_ => random.NextDouble()).ToArray();
                state = new CmaEsState(restartMean, options.InitialSigma, (int)Math.Min(lambda, MaxPopulation));
            }
        }
        return (state, restarts);
    }
}

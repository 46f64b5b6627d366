using Caviar.SearchSpaces;
using Caviar.Strategies.QuasiRandom;

namespace Caviar.Strategies;

/// <summary>A start-up trial's cube point (categorical coordinates as choice indices), drawn as <see cref="StartupSampling"/> says.</summary>
internal static class StartupPoints
{
    public static double[] Draw(StartupSampling sampling, StrategyContext context, IReadOnlyList<ParameterRange> ranges) =>
        sampling == StartupSampling.QuasiRandom ? QuasiRandomPoints.For(context, ranges)
            : UnitCubeObservations.Random(context.Random, UnitCubeObservations.Choices(ranges));
}

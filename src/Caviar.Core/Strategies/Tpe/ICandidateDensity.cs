namespace Caviar.Strategies.Tpe;

/// <summary>What <see cref="CandidateChoice"/> asks of the poor density: exact log densities, and cheap lower bounds of them.</summary>
internal interface ICandidateDensity
{
    /// <summary>Whether <see cref="LowerLogDensities"/> is cheaper than <see cref="LogDensities"/>.</summary>
    bool BoundsCheaply { get; }

    /// <summary>log density at each point.</summary>
    double[] LogDensities(IReadOnlyList<double[]> points);

    /// <summary>log density at one point.</summary>
    double LogDensity(double[] point);

    /// <summary>
    /// A lower bound of each point's log density (to within rounding, see <see cref="CandidateChoice"/>): the sum over
    /// the prior and the kernels within a scaled squared distance of <paramref name="within"/> beyond the nearest one.
    /// </summary>
    double[] LowerLogDensities(IReadOnlyList<double[]> points, double within);
}

namespace Caviar.Strategies.CmaEs;

/// <summary>
/// The strategy parameters of CMA-ES for n dimensions and population λ, as in Hansen's tutorial (arXiv:1604.00772,
/// table 1), with negative (active) weights for the worse half.
/// </summary>
internal sealed class CmaEsParameters
{
    public CmaEsParameters(int dimensions, int lambda)
    {
        int n = dimensions;
        Dimensions = n;
        Lambda = lambda;
        Mu = lambda / 2;
        var raw = Enumerable.Range(1, lambda).Select(i => Math.Log((lambda + 1) / 2.0) - Math.Log(i)).ToArray();
        double positiveSum = raw.Take(Mu).Sum(), positiveSquares = raw.Take(Mu).Sum(w => w * w);
        double negativeSum = raw.Skip(Mu).Sum(), negativeSquares = raw.Skip(Mu).Sum(w => w * w);
        MuEff = positiveSum * positiveSum / positiveSquares;
        double muEffNegative = negativeSquares > 0 ? negativeSum * negativeSum / negativeSquares : 0;

        const double alphaCov = 2;
        C1 = alphaCov / ((n + 1.3) * (n + 1.3) + MuEff);
        CMu = Math.Min(1 - C1, alphaCov * (MuEff - 2 + 1 / MuEff) / ((n + 2) * (n + 2) + alphaCov * MuEff / 2));
        double alphaMuNegative = 1 + C1 / CMu;
        double alphaMuEffNegative = 1 + 2 * muEffNegative / (MuEff + 2);
        double alphaPosDefNegative = (1 - C1 - CMu) / (n * CMu);
        double negativeScale = Math.Min(alphaMuNegative, Math.Min(alphaMuEffNegative, alphaPosDefNegative));
        Weights = raw.Select(w => w >= 0 ? w / positiveSum : negativeScale * w / Math.Abs(negativeSum)).ToArray();

        CSigma = (MuEff + 2) / (n + MuEff + 5);
        DSigma = 1 + 2 * Math.Max(0, Math.Sqrt((MuEff - 1) / (n + 1)) - 1) + CSigma;
        Cc = (4 + MuEff / n) / (n + 4 + 2 * MuEff / n);
        ExpectedNorm = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
    }

    public int Dimensions { get; }
    public int Lambda { get; }
    public int Mu { get; }
    /// <summary>Recombination weights by rank: positive for the best μ (summing to 1), negative for the rest.</summary>
    public double[] Weights { get; }
    public double MuEff { get; }
    public double C1 { get; }
    public double CMu { get; }
    public double CSigma { get; }
    public double DSigma { get; }
    public double Cc { get; }
    /// <summary>E‖N(0, I)‖.</summary>
    public double ExpectedNorm { get; }

    /// <summary>Hansen's default population for n dimensions: 4 + ⌊3 ln n⌋.</summary>
    public static int DefaultLambda(int dimensions) => 4 + (int)Math.Floor(3 * Math.Log(dimensions));
}

using Caviar.Numerics;

namespace Caviar.Strategies.Tpe;

/// <summary>
/// A weighted kernel density over a mixed space: numeric dimensions live in [0, 1] with Gaussian kernels
/// truncated to it; a categorical dimension with K choices uses a smoothed point mass. Component 0 is a broad
/// prior (centre 0.5, width 1; uniform over choices).
/// </summary>
internal sealed class ParzenEstimator
{
    private readonly int[] _choices;          // 0 for numeric dimensions, K for categorical ones
    private readonly double[][] _centres;     // [component][dimension]
    private readonly double[] _logWeights;    // normalised
    private readonly double[] _cumulativeWeights;
    private readonly double[] _sigmas;        // per numeric dimension, for observation components
    private readonly double[][] _logNormalisers; // [component][dimension]: log of the truncated kernel's constant
    private readonly double _smoothing;

    private const double PriorSigma = 1.0;

    public ParzenEstimator(int[] choices, IReadOnlyList<double[]> observations, IReadOnlyList<double> weights,
        TpeOptions options)
    {
        _choices = choices;
        _smoothing = options.CategoricalSmoothing;
        int n = observations.Count, dims = choices.Length, components = n + 1;
        _centres = new double[components][];
        _centres[0] = Enumerable.Repeat(0.5, dims).ToArray();
        for (int i = 0; i < n; i++) _centres[i + 1] = observations[i];

        _sigmas = Bandwidths(observations, dims, options);

        var rawWeights = new double[components];
        rawWeights[0] = options.PriorWeight;
        for (int i = 0; i < n; i++) rawWeights[i + 1] = weights[i];
        double total = rawWeights.Sum();
        _logWeights = rawWeights.Select(w => Math.Log(w / total)).ToArray();
        _cumulativeWeights = new double[components];
        double running = 0;
        for (int c = 0; c < components; c++) _cumulativeWeights[c] = running += rawWeights[c] / total;

        _logNormalisers = new double[components][];
        for (int c = 0; c < components; c++)
        {
            _logNormalisers[c] = new double[dims];
            for (int d = 0; d < dims; d++)
            {
                if (_choices[d] != 0) continue;
                double mu = _centres[c][d], sigma = SigmaOf(c, d);
                double mass = Normal.Cdf((1 - mu) / sigma) - Normal.Cdf(-mu / sigma);
                _logNormalisers[c][d] = Normal.LogPdf(0) - Math.Log(sigma) - Math.Log(Math.Max(mass, 1e-300));
            }
        }
    }

    /// <summary>Scott's rule in the unit cube: factor · n^(-1/(d+4)), the same in every dimension.</summary>
    private static double[] Bandwidths(IReadOnlyList<double[]> observations, int dims, TpeOptions options)
    {
        double scott = options.BandwidthFactor * Math.Pow(Math.Max(observations.Count, 1), -1.0 / (dims + 4));
        return Enumerable.Repeat(Math.Clamp(scott, options.MinBandwidth, 1.0), dims).ToArray();
    }

    public double[] Sample(Random random)
    {
        int c = Array.BinarySearch(_cumulativeWeights, random.NextDouble());
        c = Math.Min(c < 0 ? ~c : c, _centres.Length - 1);
        var point = new double[_choices.Length];
        for (int d = 0; d < point.Length; d++)
            point[d] = _choices[d] == 0 ? SampleTruncated(random, _centres[c][d], SigmaOf(c, d))
                : SampleChoice(random, c, d);
        return point;
    }

    public double LogDensity(double[] point)
    {
        // Streaming log-sum-exp over components: no allocation, one pass.
        double max = double.NegativeInfinity, scaled = 0;
        for (int c = 0; c < _logWeights.Length; c++)
        {
            double term = _logWeights[c];
            var centre = _centres[c];
            var offsets = _logNormalisers[c];
            for (int d = 0; d < point.Length; d++)
            {
                if (_choices[d] == 0)
                {
                    double z = (point[d] - centre[d]) / SigmaOf(c, d);
                    term += -0.5 * z * z + offsets[d];
                }
                else
                {
                    term += LogChoiceProbability(c, d, point[d]);
                }
            }
            if (term <= max) scaled += Math.Exp(term - max);
            else { scaled = scaled * Math.Exp(max - term) + 1.0; max = term; }
        }
        return max + Math.Log(scaled);
    }

    private double SigmaOf(int component, int dimension) => component == 0 ? PriorSigma : _sigmas[dimension];

    private double LogChoiceProbability(int component, int dimension, double choice)
    {
        int k = _choices[dimension];
        if (component == 0) return -Math.Log(k);
        bool same = (int)_centres[component][dimension] == (int)choice;
        return Math.Log((same ? 1 - _smoothing : 0) + _smoothing / k);
    }

    private int SampleChoiceIndex(Random random, int component, int dimension)
    {
        int k = _choices[dimension];
        if (component == 0 || random.NextDouble() < _smoothing) return random.Next(k);
        return (int)_centres[component][dimension];
    }

    private double SampleChoice(Random random, int component, int dimension) =>
        SampleChoiceIndex(random, component, dimension);

    private static double SampleTruncated(Random random, double mu, double sigma)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            double x = mu + sigma * StandardNormal(random);
            if (x >= 0 && x <= 1) return x;
        }
        return random.NextDouble();
    }

    private static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

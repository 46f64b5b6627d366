using Caviar.Numerics;

namespace Caviar.Strategies.Tpe;

/// <summary>
/// A weighted kernel density over a mixed space: numeric dimensions live in [0, 1] with Gaussian kernels
/// truncated to it; a categorical dimension with K choices uses a smoothed point mass. Component 0 is a broad
/// prior (centre 0.5, width 1; uniform over choices). Observation kernels share one width per dimension, so the
/// density is evaluated from flat arrays with the per-component constants summed in advance.
/// </summary>
internal sealed class ParzenEstimator
{
    private const double PriorSigma = 1.0;

    private readonly int[] _choices;            // 0 for numeric dimensions, K for categorical ones
    private readonly int _dims;
    private readonly double[] _centres;         // [component * dims + dimension]
    private readonly double[] _constants;       // per component: log weight + Σ numeric log normalisers
    private readonly double[] _cumulativeWeights;
    private readonly double[] _sigmas;          // per dimension, for observation components
    private readonly double[] _inverseSigmas;
    private readonly double _smoothing;
    private readonly bool _allNumeric;

    public ParzenEstimator(int[] choices, IReadOnlyList<double[]> observations, IReadOnlyList<double> weights,
        TpeOptions options)
    {
        _choices = choices;
        _dims = choices.Length;
        _smoothing = options.CategoricalSmoothing;
        int n = observations.Count, components = n + 1;
        _sigmas = Bandwidths(n, _dims, options);
        _inverseSigmas = _sigmas.Select(s => 1.0 / s).ToArray();
        _allNumeric = choices.All(k => k == 0);
        var logSigmas = _sigmas.Select(s => Math.Log(s)).ToArray();

        _centres = new double[components * _dims];
        for (int d = 0; d < _dims; d++) _centres[d] = 0.5;
        for (int i = 0; i < n; i++) Array.Copy(observations[i], 0, _centres, (i + 1) * _dims, _dims);

        var rawWeights = new double[components];
        rawWeights[0] = options.PriorWeight;
        for (int i = 0; i < n; i++) rawWeights[i + 1] = weights[i];
        double total = rawWeights.Sum(), running = 0;
        _cumulativeWeights = new double[components];
        _constants = new double[components];
        for (int c = 0; c < components; c++)
        {
            _cumulativeWeights[c] = running += rawWeights[c] / total;
            double constant = Math.Log(rawWeights[c] / total);
            for (int d = 0; d < _dims; d++)
                if (_choices[d] == 0) constant += LogNormaliser(_centres[c * _dims + d], SigmaOf(c, d), logSigmas[d]);
            _constants[c] = constant;
        }
    }

    /// <summary>Scott's rule in the unit cube: factor · n^(-1/(d+4)), the same in every dimension.</summary>
    private static double[] Bandwidths(int observations, int dims, TpeOptions options)
    {
        double scott = options.BandwidthFactor * Math.Pow(Math.Max(observations, 1), -1.0 / (dims + 4));
        return Enumerable.Repeat(Math.Clamp(scott, options.MinBandwidth, 1.0), dims).ToArray();
    }

    /// <summary>log of 1/(σ√(2π)) over the kernel's mass inside [0, 1] (taken as 1 more than 5σ from both edges).</summary>
    private static double LogNormaliser(double mu, double sigma, double logSigma)
    {
        double unscaled = Normal.LogPdf(0) - (sigma == PriorSigma ? 0 : logSigma);
        if (mu > 5 * sigma && mu < 1 - 5 * sigma) return unscaled;
        double mass = Normal.Cdf((1 - mu) / sigma) - Normal.Cdf(-mu / sigma);
        return unscaled - Math.Log(Math.Max(mass, 1e-300));
    }

    public double[] Sample(Random random)
    {
        int c = Array.BinarySearch(_cumulativeWeights, random.NextDouble());
        c = Math.Min(c < 0 ? ~c : c, _cumulativeWeights.Length - 1);
        var point = new double[_dims];
        for (int d = 0; d < _dims; d++)
            point[d] = _choices[d] == 0 ? SampleTruncated(random, _centres[c * _dims + d], SigmaOf(c, d))
                : SampleChoice(random, c, d);
        return point;
    }

    public double LogDensity(double[] point)
    {
        // Streaming log-sum-exp over components: no allocation, one pass.
        double max = double.NegativeInfinity, scaled = 0;
        for (int c = 0; c < _constants.Length; c++)
        {
            double term = _constants[c] + (c == 0 ? PriorLogKernel(point) : ObservationLogKernel(c, point));
            if (term <= max)
            {
                if (term > max - 40) scaled += Math.Exp(term - max);
            }
            else
            {
                scaled = scaled * Math.Exp(max - term) + 1.0;
                max = term;
            }
        }
        return max + Math.Log(scaled);
    }

    private double ObservationLogKernel(int component, double[] point)
    {
        int offset = component * _dims;
        if (_allNumeric)
        {
            double sum = 0;
            for (int d = 0; d < point.Length; d++)
            {
                double z = (point[d] - _centres[offset + d]) * _inverseSigmas[d];
                sum += z * z;
            }
            return -0.5 * sum;
        }
        double squares = 0, categorical = 0;
        for (int d = 0; d < _dims; d++)
        {
            if (_choices[d] == 0)
            {
                double z = (point[d] - _centres[offset + d]) * _inverseSigmas[d];
                squares += z * z;
            }
            else
            {
                categorical += LogChoiceProbability(component, d, point[d]);
            }
        }
        return categorical - 0.5 * squares;
    }

    private double PriorLogKernel(double[] point)
    {
        double total = 0;
        for (int d = 0; d < _dims; d++)
        {
            if (_choices[d] == 0)
            {
                double z = (point[d] - 0.5) / PriorSigma;
                total -= 0.5 * z * z;
            }
            else
            {
                total -= Math.Log(_choices[d]);
            }
        }
        return total;
    }

    private double SigmaOf(int component, int dimension) => component == 0 ? PriorSigma : _sigmas[dimension];

    private double LogChoiceProbability(int component, int dimension, double choice)
    {
        int k = _choices[dimension];
        bool same = (int)_centres[component * _dims + dimension] == (int)choice;
        return Math.Log((same ? 1 - _smoothing : 0) + _smoothing / k);
    }

    private double SampleChoice(Random random, int component, int dimension)
    {
        int k = _choices[dimension];
        if (component == 0 || random.NextDouble() < _smoothing) return random.Next(k);
        return (int)_centres[component * _dims + dimension];
    }

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

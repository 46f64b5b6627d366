using System.Buffers;
using System.Numerics;
using Caviar.Numerics;

namespace Caviar.Strategies.Tpe;

/// <summary>
/// A weighted kernel density over a mixed space: numeric dimensions live in [0, 1] with Gaussian kernels
/// truncated to it; a categorical dimension with K choices uses a smoothed point mass. Component 0 is a broad
/// prior (centre 0.5, width 1; uniform over choices). Observation kernels share one width per dimension.
/// <para>
/// Scoring is built for many observations (<see cref="LogDensities"/>): one vectorised pass over the centres, held
/// dimension-major, finds each candidate's nearest kernels; only components whose term can come within 40 of the
/// largest (smaller ones are below 1e-17 of it and vanish in the sum) get their exact term, with their per-component
/// constant (log weight and truncation normalisers) computed on first use. So the cost per candidate is a few
/// vector operations per observation, and the truncation's normal distribution functions are evaluated only for
/// the handful of kernels near a candidate. With one numeric dimension and given the observations' order along it
/// (which a caller can keep from one ask to the next, as only a few observations change), the kernels near a point are found
/// by a scan outward from its place in that order instead (<see cref="SortedKernelSearch"/>): the same kernels, the
/// same terms, summed in the same order, so the same densities to the last bit.
/// </para>
/// <para>
/// Its per-component and per-observation arrays are rented from the shared pools (one estimator per ask, each the size
/// of the study) and given back by <see cref="Dispose"/>; it must not be used after.
/// </para>
/// </summary>
internal sealed class ParzenEstimator : ICandidateDensity, IDisposable
{
    internal const double PriorSigma = 1.0;
    internal const double Negligible = 40;     // terms this far below the largest do not change the sum

    private readonly int[] _choices;            // 0 for numeric dimensions, K for categorical ones
    private readonly int _dims;
    private readonly IReadOnlyList<double[]> _observations;
    private readonly int _components;           // observations + 1 (the prior): the used length of the two arrays below
    private readonly double[] _rawWeights;      // [component]: prior weight, then the observations' weights (rented)
    private readonly double _total;
    private readonly double[] _constants;       // per component: log weight + Σ numeric log normalisers; NaN until used (rented)
    private double[]? _cumulativeWeights;
    private readonly double[] _sigmas;          // per dimension, for observation components
    private readonly double[] _inverseSigmas;
    private readonly double[] _logSigmas;
    private readonly double _smoothing;
    private readonly double[][] _centresByDimension;   // [numeric dimension index][observation] (each rented)
    private readonly int[] _numericDims, _categoricalDims;
    private readonly double[] _logSame, _logOther;     // per dimension: log probability of the own / another choice
    private readonly double _constantSpread;    // upper bound on (largest − smallest) observation constant
    private readonly SortedKernelSearch? _search;  // when an order along the first numeric dimension was given

    /// <param name="choices">0 for a numeric dimension, the number of choices for a categorical one.</param>
    /// <param name="observations">Kernel centres, one per observation.</param>
    /// <param name="weights">One weight per observation.</param>
    /// <param name="options">Bandwidths, prior weight, smoothing.</param>
    /// <param name="order">
    /// Optional: every observation's index once, ascending by its first numeric coordinate. Densities are the same with
    /// or without it; with it and one numeric dimension, scoring a point costs a scan of its neighbourhood rather than
    /// a pass over every observation (with more, it is not used).
    /// </param>
    public ParzenEstimator(int[] choices, IReadOnlyList<double[]> observations, IReadOnlyList<double> weights,
        TpeOptions options, IReadOnlyList<int>? order = null)
    {
        _choices = choices;
        _dims = choices.Length;
        _observations = observations;
        _smoothing = options.CategoricalSmoothing;
        int n = observations.Count, components = n + 1;
        _sigmas = Bandwidths(n, _dims, options);
        _inverseSigmas = _sigmas.Select(s => 1.0 / s).ToArray();
        _logSigmas = _sigmas.Select(s => Math.Log(s)).ToArray();
        _numericDims = Enumerable.Range(0, _dims).Where(d => choices[d] == 0).ToArray();
        _categoricalDims = Enumerable.Range(0, _dims).Where(d => choices[d] != 0).ToArray();
        _logSame = choices.Select(k => k == 0 ? 0 : Math.Log(1 - _smoothing + _smoothing / k)).ToArray();
        _logOther = choices.Select(k => k == 0 ? 0 : Math.Log(0 + _smoothing / k)).ToArray();

        _centresByDimension = new double[_numericDims.Length][];
        for (int j = 0; j < _numericDims.Length; j++) _centresByDimension[j] = ArrayPool<double>.Shared.Rent(Math.Max(n, 1));
        bool insideCube = true;
        for (int i = 0; i < n; i++)
        {
            var observation = observations[i];
            for (int j = 0; j < _numericDims.Length; j++)
            {
                double x = _centresByDimension[j][i] = observation[_numericDims[j]];
                insideCube &= x is >= 0 and <= 1;
            }
        }

        _components = components;
        _rawWeights = ArrayPool<double>.Shared.Rent(components);
        _rawWeights[0] = options.PriorWeight;
        double lightest = double.PositiveInfinity, heaviest = 0;
        for (int i = 0; i < n; i++)
        {
            double w = _rawWeights[i + 1] = weights[i];
            lightest = Math.Min(lightest, w);
            heaviest = Math.Max(heaviest, w);
        }
        double total = 0;   // in component order, as Enumerable.Sum adds doubles
        for (int c = 0; c < components; c++) total += _rawWeights[c];
        _total = total;
        _constants = ArrayPool<double>.Shared.Rent(components);
        Array.Fill(_constants, double.NaN, 0, components);

        // A kernel centred in [0, 1] keeps at least Φ(1/σ) − ½ of its mass there, so truncation adds at most
        // −log of that per numeric dimension; the weights add log(heaviest/lightest).
        double spread = n == 0 ? 0 : Math.Log(heaviest / lightest);
        foreach (int d in _numericDims)
            spread += -Math.Log(Math.Max(Normal.Cdf(1 / _sigmas[d]) - 0.5, 1e-300));
        // Centres outside the cube (never made by this strategy) get no bound: every kernel is then evaluated.
        _constantSpread = insideCube ? spread + 1e-6 : double.PositiveInfinity;
        // With more numeric dimensions the first one's order prunes little, and the vectorised pass is faster.
        if (order is not null && _numericDims.Length == 1 && insideCube)
            _search = SortedKernelSearch.TryCreate(_centresByDimension, n, [.. _numericDims.Select(d => _inverseSigmas[d])], order);
    }

    /// <summary>Gives the rented arrays back.</summary>
    public void Dispose()
    {
        _search?.Dispose();
        ArrayPool<double>.Shared.Return(_rawWeights);
        ArrayPool<double>.Shared.Return(_constants);
        foreach (var centres in _centresByDimension) ArrayPool<double>.Shared.Return(centres);
    }

    /// <summary>Scott's rule in the unit cube: factor · n^(-1/(d+4)), the same in every dimension.</summary>
    internal static double[] Bandwidths(int observations, int dims, TpeOptions options)
    {
        double scott = options.BandwidthFactor * Math.Pow(Math.Max(observations, 1), -1.0 / (dims + 4));
        return Enumerable.Repeat(Math.Clamp(scott, options.MinBandwidth, 1.0), dims).ToArray();
    }

    /// <summary>log of 1/(σ√(2π)) over the kernel's mass inside [0, 1] (taken as 1 more than 5σ from both edges).</summary>
    internal static double LogNormaliser(double mu, double sigma, double logSigma)
    {
        double unscaled = Normal.LogPdf(0) - (sigma == PriorSigma ? 0 : logSigma);
        if (mu > 5 * sigma && mu < 1 - 5 * sigma) return unscaled;
        double mass = Normal.Cdf((1 - mu) / sigma) - Normal.Cdf(-mu / sigma);
        return unscaled - Math.Log(Math.Max(mass, 1e-300));
    }

    /// <summary>Component c's log weight plus its numeric log normalisers, computed once.</summary>
    private double ConstantOf(int c)
    {
        double constant = _constants[c];
        if (!double.IsNaN(constant)) return constant;
        constant = Math.Log(_rawWeights[c] / _total);
        for (int d = 0; d < _dims; d++)
            if (_choices[d] == 0) constant += LogNormaliser(CentreOf(c, d), SigmaOf(c, d), _logSigmas[d]);
        return _constants[c] = constant;
    }

    private double CentreOf(int component, int dimension) => component == 0 ? 0.5 : _observations[component - 1][dimension];

    public double[] Sample(Random random)
    {
        var cumulative = _cumulativeWeights ??= CumulativeWeights();
        int c = Array.BinarySearch(cumulative, random.NextDouble());
        c = Math.Min(c < 0 ? ~c : c, cumulative.Length - 1);
        var point = new double[_dims];
        for (int d = 0; d < _dims; d++)
            point[d] = _choices[d] == 0 ? SampleTruncated(random, CentreOf(c, d), SigmaOf(c, d))
                : SampleChoice(random, c, d);
        return point;
    }

    private double[] CumulativeWeights()
    {
        var cumulative = new double[_components];
        double running = 0;
        for (int c = 0; c < cumulative.Length; c++) cumulative[c] = running += _rawWeights[c] / _total;
        return cumulative;
    }

    /// <summary>log density at one point.</summary>
    public double LogDensity(double[] point) => LogDensities([point])[0];

    /// <summary>
    /// log density at each point: log Σ_c exp(constant_c + log kernel_c(point)), summed in component order over the
    /// terms within 40 of the largest.
    /// </summary>
    public double[] LogDensities(IReadOnlyList<double[]> points)
    {
        if (_search is not null && points.All(p => _numericDims.All(d => double.IsFinite(p[d])))) return SearchedLogDensities(points);
        var nearBlocks = NearBlocks(points, out var nearestSquares);
        var result = new double[points.Count];
        for (int k = 0; k < points.Count; k++)
            result[k] = LogDensityOver(points[k], nearBlocks[k], nearestSquares[k]);
        return result;
    }

    /// <summary>Whether <see cref="LowerLogDensities"/> is cheaper than <see cref="LogDensities"/> (an order was given).</summary>
    public bool BoundsCheaply => _search is not null;

    /// <summary>
    /// A lower bound of each point's log density (to within rounding: see <see cref="CandidateChoice"/>): the sum over
    /// the prior and only the kernels within a scaled squared distance of <paramref name="within"/> beyond the nearest
    /// one, the others left out. Exact (<see cref="LogDensities"/>) when no order was given.
    /// </summary>
    public double[] LowerLogDensities(IReadOnlyList<double[]> points, double within) =>
        _search is not null && points.All(p => _numericDims.All(d => double.IsFinite(p[d])))
            ? SearchedLogDensities(points, within)
            : LogDensities(points);

    /// <summary>
    /// Like <see cref="LogDensities"/>, each point's near kernels found through the sorted search: those within
    /// <paramref name="within"/> of the nearest (scaled squared distance), by default every kernel that can count.
    /// </summary>
    private double[] SearchedLogDensities(IReadOnlyList<double[]> points, double? within = null)
    {
        int n = _observations.Count;
        var found = ArrayPool<int>.Shared.Rent(n);
        var squares = ArrayPool<double>.Shared.Rent(n);
        var terms = ArrayPool<double>.Shared.Rent(n);
        var numeric = new double[_numericDims.Length];
        double window = within ?? 2 * Window();
        var result = new double[points.Count];
        for (int k = 0; k < points.Count; k++)
        {
            var point = points[k];
            for (int j = 0; j < numeric.Length; j++) numeric[j] = point[_numericDims[j]];
            double cutoff = _search!.Nearest(numeric) + window;
            int count = _search.Within(numeric, cutoff, found, squares);
            result[k] = SumOver(point, found.AsSpan(0, count), squares.AsSpan(0, count), terms);
        }
        ArrayPool<int>.Shared.Return(found);
        ArrayPool<double>.Shared.Return(squares);
        ArrayPool<double>.Shared.Return(terms);
        return result;
    }

    /// <summary>
    /// log Σ exp over the prior's term and the <paramref name="found"/> kernels' terms (ascending, with their scaled
    /// squares), counting only terms within 40 of the largest, in component order.
    /// </summary>
    private double SumOver(double[] point, ReadOnlySpan<int> found, ReadOnlySpan<double> squares, double[] terms)
    {
        double prior = ConstantOf(0) + PriorLogKernel(point);
        double max = prior;
        for (int t = 0; t < found.Length; t++)
        {
            int i = found[t];
            double categorical = 0;
            foreach (int d in _categoricalDims)
                categorical += (int)_observations[i][d] == (int)point[d] ? _logSame[d] : _logOther[d];
            double constant = _constants[i + 1];
            if (double.IsNaN(constant)) constant = ConstantOf(i + 1);
            double term = terms[t] = constant + (categorical - 0.5 * squares[t]);
            max = Math.Max(max, term);
        }
        double threshold = max - Negligible;
        double scaled = prior > threshold ? Math.Exp(prior - max) : 0;
        for (int t = 0; t < found.Length; t++)
            if (terms[t] > threshold) scaled += Math.Exp(terms[t] - max);
        return max + Math.Log(scaled);
    }

    /// <summary>
    /// One vectorised pass over the observations for all points at once: for each point, the blocks of
    /// <see cref="Vector{T}.Count"/> observations that hold a kernel whose term may come within 40 of the largest,
    /// judged against the nearest kernel found so far (a superset of those judged at the end), and the smallest
    /// scaled squared distance.
    /// </summary>
    private List<int>[] NearBlocks(IReadOnlyList<double[]> points, out double[] nearestSquares)
    {
        int n = _observations.Count, width = Vector<double>.Count, numeric = _numericDims.Length;
        var blocks = new List<int>[points.Count];
        nearestSquares = new double[points.Count];
        var broadcast = new Vector<double>[points.Count * numeric];
        var limits = new Vector<double>[points.Count];
        double window = 2 * Window();
        for (int k = 0; k < points.Count; k++)
        {
            blocks[k] = [];
            nearestSquares[k] = double.PositiveInfinity;
            limits[k] = new Vector<double>(double.PositiveInfinity);
            for (int j = 0; j < numeric; j++) broadcast[k * numeric + j] = new Vector<double>(points[k][_numericDims[j]]);
        }
        var inverse = _numericDims.Select(d => new Vector<double>(_inverseSigmas[d])).ToArray();
        Span<Vector<double>> centres = stackalloc Vector<double>[numeric];
        int full = n - n % width;
        for (int c = 0; c < full; c += width)
        {
            for (int j = 0; j < numeric; j++) centres[j] = new Vector<double>(_centresByDimension[j], c);
            for (int k = 0; k < limits.Length; k++)
            {
                var squares = Vector<double>.Zero;
                for (int j = 0; j < numeric; j++)
                {
                    var z = (broadcast[k * numeric + j] - centres[j]) * inverse[j];
                    squares += z * z;
                }
                if (!Vector.LessThanOrEqualAny(squares, limits[k])) continue;
                blocks[k].Add(c);
                double nearest = nearestSquares[k];
                for (int lane = 0; lane < width; lane++) nearest = Math.Min(nearest, squares[lane]);
                nearestSquares[k] = nearest;
                limits[k] = new Vector<double>(nearest + window);
            }
        }
        if (full < n)
        {
            for (int k = 0; k < limits.Length; k++)
            {
                blocks[k].Add(full);
                for (int c = full; c < n; c++) nearestSquares[k] = Math.Min(nearestSquares[k], ScaledSquares(points[k], c));
            }
        }
        return blocks;
    }

    /// <summary>How far (in log terms) a kernel's term can be below the nearest one's and still count.</summary>
    private double Window()
    {
        double categoricalSpread = 0;
        foreach (int d in _categoricalDims) categoricalSpread += _logSame[d] - _logOther[d];
        return Negligible + _constantSpread + categoricalSpread;
    }

    private double LogDensityOver(double[] point, List<int> blocks, double nearestSquares)
    {
        int n = _observations.Count, width = Vector<double>.Count;
        double prior = ConstantOf(0) + PriorLogKernel(point);
        // No kernel's term exceeds its upper bound, and the nearest one's is at least its lower bound.
        double cutoff = nearestSquares + 2 * Window();
        var kept = new List<(int Component, double Term)>();
        double max = prior;
        foreach (int start in blocks)
        {
            for (int i = start; i < Math.Min(start + width, n); i++)
            {
                double squares = ScaledSquares(point, i);
                if (!(squares <= cutoff)) continue;
                double categorical = 0;
                foreach (int d in _categoricalDims)
                    categorical += (int)_observations[i][d] == (int)point[d] ? _logSame[d] : _logOther[d];
                double term = ConstantOf(i + 1) + (categorical - 0.5 * squares);
                kept.Add((i, term));
                max = Math.Max(max, term);
            }
        }
        double threshold = max - Negligible;
        double scaled = prior > threshold ? Math.Exp(prior - max) : 0;
        foreach (var (_, term) in kept)
            if (term > threshold) scaled += Math.Exp(term - max);
        return max + Math.Log(scaled);
    }

    /// <summary>Σ over numeric dimensions of ((x − centre)/σ)², in dimension order (the vector pass computes the same).</summary>
    private double ScaledSquares(double[] point, int observation)
    {
        double squares = 0;
        for (int j = 0; j < _numericDims.Length; j++)
        {
            int d = _numericDims[j];
            double z = (point[d] - _centresByDimension[j][observation]) * _inverseSigmas[d];
            squares += z * z;
        }
        return squares;
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

    private double SampleChoice(Random random, int component, int dimension)
    {
        int k = _choices[dimension];
        if (component == 0 || random.NextDouble() < _smoothing) return random.Next(k);
        return (int)CentreOf(component, dimension);
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

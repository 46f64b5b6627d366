using System.Buffers;
using System.Numerics;
using Caviar.Numerics;

namespace Caviar.Strategies.Tpe;

/// <summary>
/// The poor density of a one-numeric-range space read straight from the completed trials kept between asks
/// (<see cref="KeptPoints"/>): the poor trials are all kept points but the good ones, so nothing the size of the study
/// is copied (no poor list, no weights, no centres, no order): a poor trial's weight is computed from its place when its
/// kernel is first used, and the kept order, with the good points skipped, is the poor trials' order. It computes what
/// <see cref="ParzenEstimator"/> built over the split's poor trials with their order computes — the same bandwidth,
/// weights, constants, kernels found, terms and sums, in the same order — so the same densities to the last bit
/// (<c>TpeKeptOrderTests</c> compares them). Its scratch arrays are rented and given back by <see cref="Dispose"/>.
/// </summary>
internal sealed class KeptOrderDensity : ICandidateDensity, IDisposable
{
    private readonly KeptPoints _kept;
    private readonly int _points;           // kept points, good ones included: the used length of the arrays below
    private readonly bool[] _isGood;        // by point index (rented)
    private readonly double _priorWeight, _total;
    private readonly double _sigma, _inverse, _logSigma;
    private readonly double _constantSpread;
    private readonly double[] _weights;     // by point index: a poor trial's weight, 0 for a good one (rented)
    private readonly double[] _constants;   // by point index: log weight + log normaliser; NaN until used (rented)
    private readonly double _unscaled;      // a kernel's log normaliser before truncation: a lower bound of every one
    private double _priorConstant = double.NaN;
    private readonly ulong[] _marks;        // one bit per point, clear between calls (rented)
    private readonly double[] _squares;     // by point index, valid where marked (rented)

    /// <param name="kept">The completed trials (all coordinates in [0, 1]); must not change while this is used.</param>
    /// <param name="good">The good trials' point indices (any order).</param>
    /// <param name="options">Bandwidth, prior weight, recency weights.</param>
    public KeptOrderDensity(KeptPoints kept, IReadOnlyList<int> good, TpeOptions options)
    {
        _kept = kept;
        _points = kept.Count;
        _isGood = ArrayPool<bool>.Shared.Rent(Math.Max(_points, 1));
        Array.Clear(_isGood, 0, _points);
        foreach (int i in good) _isGood[i] = true;
        int n = _points - good.Count;
        _sigma = ParzenEstimator.Bandwidths(n, 1, options)[0];
        _inverse = 1.0 / _sigma;
        _logSigma = Math.Log(_sigma);

        // As the estimator adds its raw weights: the prior's, then the poor trials' in their order.
        int ramped = Math.Max(n - options.FullWeightRecentTrials, 0);
        _priorWeight = options.PriorWeight;
        _weights = ArrayPool<double>.Shared.Rent(Math.Max(_points, 1));
        double total = 0, lightest = double.PositiveInfinity, heaviest = 0;
        total += _priorWeight;
        for (int point = 0, p = 0; point < _points; point++)
        {
            if (_isGood[point])
            {
                _weights[point] = 0;
                continue;
            }
            double w = _weights[point] = TpeObservations.RecencyWeight(p++, n, ramped);
            lightest = Math.Min(lightest, w);
            heaviest = Math.Max(heaviest, w);
            total += w;
        }
        _total = total;
        double spread = n == 0 ? 0 : Math.Log(heaviest / lightest);
        spread += -Math.Log(Math.Max(Normal.Cdf(1 / _sigma) - 0.5, 1e-300));
        _constantSpread = spread + 1e-6;
        _unscaled = Normal.LogPdf(0) - (_sigma == ParzenEstimator.PriorSigma ? 0 : _logSigma);

        _constants = ArrayPool<double>.Shared.Rent(Math.Max(_points, 1));
        Array.Fill(_constants, double.NaN, 0, _points);
        _marks = ArrayPool<ulong>.Shared.Rent(Math.Max((_points + 63) / 64, 1));
        Array.Clear(_marks, 0, (_points + 63) / 64);
        _squares = ArrayPool<double>.Shared.Rent(Math.Max(_points, 1));
    }

    /// <summary>Gives the rented arrays back.</summary>
    public void Dispose()
    {
        ArrayPool<bool>.Shared.Return(_isGood);
        ArrayPool<double>.Shared.Return(_weights);
        ArrayPool<double>.Shared.Return(_constants);
        ArrayPool<ulong>.Shared.Return(_marks);
        ArrayPool<double>.Shared.Return(_squares);
    }

    public bool BoundsCheaply => true;

    public double LogDensity(double[] point) => LogDensities([point])[0];

    public double[] LogDensities(IReadOnlyList<double[]> points) => Searched(points, 2 * Window());

    /// <summary>
    /// Lower bounds of the log densities, over the prior and the poor kernels within <paramref name="within"/> of the
    /// nearest. A bound need not be the estimator's sum to the bit (<see cref="CandidateChoice"/> allows for rounding),
    /// so it is computed the cheap way: the window is a run of the sorted keys (no bitmap), logs and exps are vectorised
    /// and summed in the kept order, and the truncation's normaliser is evaluated only for kernels near an edge.
    /// </summary>
    public double[] LowerLogDensities(IReadOnlyList<double[]> points, double within)
    {
        var ratios = ArrayPool<double>.Shared.Rent(Math.Max(_points, 1));
        var halfSquares = ArrayPool<double>.Shared.Rent(Math.Max(_points, 1));
        var result = new double[points.Count];
        for (int k = 0; k < points.Count; k++)
        {
            double x = points[k][0];
            result[k] = double.IsFinite(x) ? Bound(x, Nearest(x) + within, ratios, halfSquares) : double.NaN;
        }
        ArrayPool<double>.Shared.Return(ratios);
        ArrayPool<double>.Shared.Return(halfSquares);
        return result;
    }

    /// <summary>log Σ exp over the prior's term and lower bounds of the poor kernels' terms within <paramref name="cutoff"/>.</summary>
    private double Bound(double x, double cutoff, double[] ratios, double[] halfSquares)
    {
        var keys = _kept.SortedKeys;
        var order = _kept.SortedPoints;
        int at = SortedSearch.LowerBound(keys, x), low = at, high = at, m = 0;
        while (high < keys.Length && (x - keys[high]) * _inverse is var z && z * z <= cutoff) high++;
        while (low > 0 && (x - keys[low - 1]) * _inverse is var z && z * z <= cutoff) low--;
        for (int j = low; j < high; j++)
        {
            double w = _weights[order[j]];
            if (w == 0) continue;   // a good trial
            double key = keys[j], z = (x - key) * _inverse;
            // Near an edge the truncation adds to the normaliser (as the estimator's exact constant has it): counted
            // here too, so the bound is as tight there as inside (fewer candidates scored exactly).
            double truncation = key > 5 * _sigma && key < 1 - 5 * _sigma ? 0
                : ParzenEstimator.LogNormaliser(key, _sigma, _logSigma) - _unscaled;
            ratios[m] = w / _total;
            halfSquares[m++] = 0.5 * z * z - truncation;
        }
        double prior = PriorConstant() + PriorLogKernel(x), max = prior;
        var terms = ratios.AsSpan(0, m);
        int width = Vector<double>.Count, i = 0;
        var unscaled = new Vector<double>(_unscaled);
        var largest = new Vector<double>(max);
        for (; i + width <= m; i += width)
        {
            var term = Vector.Log(new Vector<double>(terms[i..])) + unscaled - new Vector<double>(halfSquares.AsSpan(i));
            term.CopyTo(terms[i..]);
            largest = Vector.Max(largest, term);
        }
        for (int lane = 0; lane < width; lane++) max = Math.Max(max, largest[lane]);
        for (; i < m; i++) max = Math.Max(max, terms[i] = Math.Log(terms[i]) + _unscaled - halfSquares[i]);
        var sum = Vector<double>.Zero;
        var top = new Vector<double>(max);
        for (i = 0; i + width <= m; i += width) sum += Vector.Exp(new Vector<double>(terms[i..]) - top);
        double scaled = Math.Exp(prior - max) + Vector.Sum(sum);
        for (; i < m; i++) scaled += Math.Exp(terms[i] - max);
        return max + Math.Log(scaled);
    }

    /// <summary>How far (in log terms) a kernel's term can be below the nearest one's and still count (as the estimator's).</summary>
    private double Window()
    {
        double categoricalSpread = 0;
        return ParzenEstimator.Negligible + _constantSpread + categoricalSpread;
    }

    /// <summary>Each point's log density over the prior and the kernels within <paramref name="window"/> of its nearest.</summary>
    private double[] Searched(IReadOnlyList<double[]> points, double window)
    {
        var found = ArrayPool<int>.Shared.Rent(Math.Max(_points, 1));
        var squares = ArrayPool<double>.Shared.Rent(Math.Max(_points, 1));
        var terms = ArrayPool<double>.Shared.Rent(Math.Max(_points, 1));
        var result = new double[points.Count];
        for (int k = 0; k < points.Count; k++)
        {
            double x = points[k][0];
            if (!double.IsFinite(x))
            {
                result[k] = double.NaN;   // as the estimator's pass gives (never drawn: candidates lie in [0, 1])
                continue;
            }
            double cutoff = Nearest(x) + window;
            int count = Within(x, cutoff, found, squares);
            result[k] = SumOver(x, found.AsSpan(0, count), squares.AsSpan(0, count), terms);
        }
        ArrayPool<int>.Shared.Return(found);
        ArrayPool<double>.Shared.Return(squares);
        ArrayPool<double>.Shared.Return(terms);
        return result;
    }

    /// <summary>The smallest scaled squared distance from <paramref name="x"/> to a poor kernel (+∞ when there is none).</summary>
    private double Nearest(double x)
    {
        var keys = _kept.SortedKeys;
        var order = _kept.SortedPoints;
        int at = SortedSearch.LowerBound(keys, x);
        double best = double.PositiveInfinity;
        for (int i = at; i < keys.Length; i++)
        {
            double z = (x - keys[i]) * _inverse;
            if (z * z > best) break;
            if (!_isGood[order[i]]) best = Math.Min(best, 0 + z * z);
        }
        for (int i = at - 1; i >= 0; i--)
        {
            double z = (x - keys[i]) * _inverse;
            if (z * z > best) break;
            if (!_isGood[order[i]]) best = Math.Min(best, 0 + z * z);
        }
        return best;
    }

    /// <summary>
    /// The poor kernels within <paramref name="cutoff"/> (scaled squared distance) of <paramref name="x"/>, as point
    /// indices ascending (the components' order), written to <paramref name="found"/> with their squares; returns how many.
    /// </summary>
    private int Within(double x, double cutoff, int[] found, double[] squares)
    {
        var keys = _kept.SortedKeys;
        var order = _kept.SortedPoints;
        int at = SortedSearch.LowerBound(keys, x);
        for (int i = at; i < keys.Length; i++)
        {
            double z = (x - keys[i]) * _inverse;
            if (!(z * z <= cutoff)) break;
            Mark(order[i], z * z);
        }
        for (int i = at - 1; i >= 0; i--)
        {
            double z = (x - keys[i]) * _inverse;
            if (!(z * z <= cutoff)) break;
            Mark(order[i], z * z);
        }
        // Ascending point index is ascending poor index (a poor trial's index is its point index less the good ones below it).
        return SortedKernels.TakeMarked(_marks.AsSpan(0, (_points + 63) / 64), _squares, found, squares);
    }

    private void Mark(int point, double square)
    {
        if (_isGood[point]) return;
        _squares[point] = square;
        _marks[point >> 6] |= 1UL << (point & 63);
    }

    /// <summary>
    /// log Σ exp over the prior's term and the found kernels' terms, counting only terms within 40 of the largest, in
    /// component order: the estimator's sum, operation for operation.
    /// </summary>
    private double SumOver(double x, ReadOnlySpan<int> found, ReadOnlySpan<double> squares, double[] terms)
    {
        double prior = PriorConstant() + PriorLogKernel(x);
        double max = prior;
        for (int t = 0; t < found.Length; t++)
        {
            int point = found[t];
            double categorical = 0;
            double constant = _constants[point];
            if (double.IsNaN(constant)) constant = _constants[point] = ConstantOf(point);
            double term = terms[t] = constant + (categorical - 0.5 * squares[t]);
            max = Math.Max(max, term);
        }
        double threshold = max - ParzenEstimator.Negligible;
        double scaled = prior > threshold ? Math.Exp(prior - max) : 0;
        for (int t = 0; t < found.Length; t++)
            if (terms[t] > threshold) scaled += Math.Exp(terms[t] - max);
        return max + Math.Log(scaled);
    }

    /// <summary>Point <paramref name="point"/>'s (a poor trial's) log weight plus its log normaliser.</summary>
    private double ConstantOf(int point)
    {
        double constant = Math.Log(_weights[point] / _total);
        constant += ParzenEstimator.LogNormaliser(_kept.Coordinates[point], _sigma, _logSigma);
        return constant;
    }

    private double PriorConstant()
    {
        if (double.IsNaN(_priorConstant))
        {
            double constant = Math.Log(_priorWeight / _total);
            constant += ParzenEstimator.LogNormaliser(0.5, ParzenEstimator.PriorSigma, _logSigma);
            _priorConstant = constant;
        }
        return _priorConstant;
    }

    private static double PriorLogKernel(double x)
    {
        double total = 0;
        double z = (x - 0.5) / ParzenEstimator.PriorSigma;
        total -= 0.5 * z * z;
        return total;
    }
}

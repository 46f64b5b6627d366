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
    private readonly int[] _good;           // good point indices, ascending
    private readonly int _poor;             // poor trials: the components after the prior
    private readonly int _ramped;           // poor trials whose weight ramps up (the oldest)
    private readonly double _priorWeight, _total;
    private readonly double _sigma, _inverse, _logSigma;
    private readonly double _constantSpread;
    private readonly double[] _constants;   // by point index: log weight + log normaliser; NaN until used (rented)
    private double _priorConstant = double.NaN;
    private readonly ulong[] _marks;        // one bit per point, clear between calls (rented)
    private readonly double[] _squares;     // by point index, valid where marked (rented)

    /// <param name="kept">The completed trials (all coordinates in [0, 1]); must not change while this is used.</param>
    /// <param name="good">The good trials' point indices (any order).</param>
    public KeptOrderDensity(KeptPoints kept, IReadOnlyList<int> good, TpeOptions options)
    {
        _kept = kept;
        _points = kept.Count;
        _isGood = ArrayPool<bool>.Shared.Rent(Math.Max(_points, 1));
        Array.Clear(_isGood, 0, _points);
        foreach (int i in good) _isGood[i] = true;
        _good = [.. good.Order()];
        int n = _poor = _points - good.Count;
        _sigma = ParzenEstimator.Bandwidths(n, 1, options)[0];
        _inverse = 1.0 / _sigma;
        _logSigma = Math.Log(_sigma);

        // As the estimator adds its raw weights: the prior's, then the poor trials' in their order.
        _ramped = Math.Max(n - options.FullWeightRecentTrials, 0);
        _priorWeight = options.PriorWeight;
        double total = 0, lightest = double.PositiveInfinity, heaviest = 0;
        total += _priorWeight;
        for (int p = 0; p < n; p++)
        {
            double w = TpeObservations.RecencyWeight(p, n, _ramped);
            lightest = Math.Min(lightest, w);
            heaviest = Math.Max(heaviest, w);
            total += w;
        }
        _total = total;
        double spread = n == 0 ? 0 : Math.Log(heaviest / lightest);
        spread += -Math.Log(Math.Max(Normal.Cdf(1 / _sigma) - 0.5, 1e-300));
        _constantSpread = spread + 1e-6;

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
        ArrayPool<double>.Shared.Return(_constants);
        ArrayPool<ulong>.Shared.Return(_marks);
        ArrayPool<double>.Shared.Return(_squares);
    }

    public bool BoundsCheaply => true;

    public double LogDensity(double[] point) => LogDensities([point])[0];

    public double[] LogDensities(IReadOnlyList<double[]> points) => Searched(points, 2 * Window());

    public double[] LowerLogDensities(IReadOnlyList<double[]> points, double within) => Searched(points, within);

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
        int at = LowerBound(keys, x);
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
        int at = LowerBound(keys, x);
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
        int count = 0, words = (_points + 63) / 64;
        for (int w = 0; w < words; w++)
        {
            ulong bits = _marks[w];
            if (bits == 0) continue;
            _marks[w] = 0;
            while (bits != 0)
            {
                int point = w * 64 + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                found[count] = point;
                squares[count++] = _squares[point];
            }
        }
        return count;
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
        int goodBelow = 0;
        for (int t = 0; t < found.Length; t++)
        {
            int point = found[t];
            double categorical = 0;
            double constant = _constants[point];
            if (double.IsNaN(constant))
            {
                while (goodBelow < _good.Length && _good[goodBelow] < point) goodBelow++;
                constant = _constants[point] = ConstantOf(point - goodBelow, point);
            }
            double term = terms[t] = constant + (categorical - 0.5 * squares[t]);
            max = Math.Max(max, term);
        }
        double threshold = max - ParzenEstimator.Negligible;
        double scaled = prior > threshold ? Math.Exp(prior - max) : 0;
        for (int t = 0; t < found.Length; t++)
            if (terms[t] > threshold) scaled += Math.Exp(terms[t] - max);
        return max + Math.Log(scaled);
    }

    /// <summary>Poor trial <paramref name="poor"/>'s (point <paramref name="point"/>) log weight plus its log normaliser.</summary>
    private double ConstantOf(int poor, int point)
    {
        double constant = Math.Log(TpeObservations.RecencyWeight(poor, _poor, _ramped) / _total);
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

    /// <summary>The first position whose key is not below <paramref name="x"/>.</summary>
    private static int LowerBound(ReadOnlySpan<double> keys, double x)
    {
        int low = 0, high = keys.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (keys[middle] < x) low = middle + 1;
            else high = middle;
        }
        return low;
    }
}

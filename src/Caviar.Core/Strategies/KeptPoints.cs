using Caviar.Numerics;

namespace Caviar.Strategies;

/// <summary>
/// The completed trials of a history whose space is one numeric range, kept from one ask to the next in flat arrays: by
/// point index (the completed trials in history order) their coordinate, loss and point, and the point indices
/// ascending by coordinate. An ask updates them from the first history position that changed since the last one
/// (<see cref="Update"/>): when the only change is a trial finished at the end of the history, that is one point
/// written and one insertion into the order, not a pass that copies the study. Not thread-safe: its owner
/// (<see cref="ScoredPointCache"/>) uses it under its lock.
/// </summary>
internal sealed class KeptPoints
{
    /// <summary>Past this many points to place at once, the order is rebuilt by sorting rather than by insertions.</summary>
    private const int MaxInsertions = 64;

    private double[] _x = new double[16];
    private double[] _loss = new double[16];
    private double[][] _points = new double[16][];
    private int[] _pointsBefore = new int[17];   // per history position: points at positions below it (valid up to the last update's history count)
    private double[] _keys = new double[16];      // coordinates ascending (ties in any order)
    private int[] _order = new int[16];           // the point index of each key

    /// <summary>Completed trials held (the used length of the arrays below).</summary>
    public int Count { get; private set; }

    /// <summary>Points whose coordinate is outside [0, 1] or NaN (never made by a strategy; the kept order is then not used).</summary>
    public int Unusual { get; private set; }

    public ReadOnlySpan<double> Coordinates => _x.AsSpan(0, Count);
    public ReadOnlySpan<double> Losses => _loss.AsSpan(0, Count);

    /// <summary>Point <paramref name="index"/>'s cube point (an array of one coordinate).</summary>
    public double[] Point(int index) => _points[index];

    /// <summary>The coordinates ascending (the first <see cref="Count"/>).</summary>
    public ReadOnlySpan<double> SortedKeys => _keys.AsSpan(0, Count);

    /// <summary>The point index of each of <see cref="SortedKeys"/>.</summary>
    public ReadOnlySpan<int> SortedPoints => _order.AsSpan(0, Count);

    /// <summary>
    /// Takes in history positions <paramref name="firstChanged"/> … <paramref name="historyCount"/> − 1 of
    /// <paramref name="derived"/> (what each position gives: a point and its loss, or none); positions below
    /// <paramref name="firstChanged"/> are as at the last update.
    /// </summary>
    public void Update(ReadOnlySpan<ScoredPointCache.Derived> derived, int firstChanged, int historyCount)
    {
        firstChanged = Math.Min(firstChanged, historyCount);
        int kept = _pointsBefore[firstChanged];
        if (kept < Count) Drop(kept);
        EnsureCapacity(historyCount);
        int count = kept;
        for (int position = firstChanged; position < historyCount; position++)
        {
            _pointsBefore[position] = count;
            if (derived[position].Point is not { } point) continue;
            _x[count] = point[0];
            _loss[count] = derived[position].Loss;
            _points[count] = point;
            if (!(point[0] is >= 0 and <= 1)) Unusual++;
            count++;
        }
        _pointsBefore[historyCount] = count;
        Place(kept, count);
        Array.Clear(_points, count, Count > count ? Count - count : 0);
        Count = count;
    }

    /// <summary>Removes points <paramref name="from"/> on from the order and the count of unusual ones.</summary>
    private void Drop(int from)
    {
        for (int i = from; i < Count; i++)
            if (!(_x[i] is >= 0 and <= 1)) Unusual--;
        int at = 0;
        for (int j = 0; j < Count; j++)
        {
            if (_order[j] >= from) continue;
            _keys[at] = _keys[j];
            _order[at++] = _order[j];
        }
    }

    /// <summary>Puts points <paramref name="from"/> … <paramref name="to"/> − 1 into the order (the ones below are in it).</summary>
    private void Place(int from, int to)
    {
        if (to - from > MaxInsertions)
        {
            for (int i = 0; i < to; i++) (_keys[i], _order[i]) = (_x[i], i);
            Array.Sort(_keys, _order, 0, to);
            return;
        }
        for (int i = from; i < to; i++)
        {
            // The order holds points 0 … i − 1 here.
            int at = SortedSearch.UpperBound(_keys.AsSpan(0, i), _x[i]);
            Array.Copy(_keys, at, _keys, at + 1, i - at);
            Array.Copy(_order, at, _order, at + 1, i - at);
            (_keys[at], _order[at]) = (_x[i], i);
        }
    }

    private void EnsureCapacity(int historyCount)
    {
        if (_pointsBefore.Length > historyCount) return;
        int size = Math.Max(historyCount + 1, 2 * _pointsBefore.Length);
        Array.Resize(ref _pointsBefore, size);
        Array.Resize(ref _x, size);
        Array.Resize(ref _loss, size);
        Array.Resize(ref _points, size);
        Array.Resize(ref _keys, size);
        Array.Resize(ref _order, size);
    }
}

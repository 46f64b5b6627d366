namespace Caviar.Strategies;

/// <summary>
/// Positions of a history (its records' indices) ordered by one coordinate of their cube points, ties by position, kept
/// up to date one change at a time as trials finish: an insert or removal is a binary search and a shift, where
/// sorting the whole history again on every ask would cost n log n.
/// </summary>
internal sealed class FirstCoordinateOrder
{
    private readonly List<double> _keys = [];
    private readonly List<int> _positions = [];

    public int Count => _positions.Count;

    /// <summary>The history positions, ascending by coordinate (ties by position).</summary>
    public IReadOnlyList<int> Positions => _positions;

    public void Add(double key, int position)
    {
        int at = Search(key, position);
        if (at >= 0) return;
        _keys.Insert(~at, key);
        _positions.Insert(~at, position);
    }

    public void Remove(double key, int position)
    {
        int at = Search(key, position);
        if (at < 0) return;
        _keys.RemoveAt(at);
        _positions.RemoveAt(at);
    }

    /// <summary>Drops every position from <paramref name="count"/> on (the history got shorter).</summary>
    public void Truncate(int count)
    {
        int kept = 0;
        for (int i = 0; i < _positions.Count; i++)
        {
            if (_positions[i] >= count) continue;
            _keys[kept] = _keys[i];
            _positions[kept++] = _positions[i];
        }
        _keys.RemoveRange(kept, _keys.Count - kept);
        _positions.RemoveRange(kept, _positions.Count - kept);
    }

    /// <summary>The index of (key, position), or the complement of where it would go.</summary>
    private int Search(double key, int position)
    {
        int low = 0, high = _keys.Count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            int comparison = _keys[middle].CompareTo(key);
            if (comparison == 0) comparison = _positions[middle].CompareTo(position);
            if (comparison == 0) return middle;
            if (comparison < 0) low = middle + 1;
            else high = middle - 1;
        }
        return ~low;
    }
}

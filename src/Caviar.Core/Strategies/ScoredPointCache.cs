using System.Buffers;
using System.Runtime.InteropServices;
using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.Strategies;

/// <summary>
/// The completed trials of a history as cube points with their losses, kept from one ask to the next: a record
/// that is the same object as at the same position last time (a finished trial never changes, and the in-memory
/// store hands out the same objects) reuses what was derived from it, so an ask costs one reference comparison
/// per unchanged trial. Records that differ are derived afresh, so the result is always what a fresh derivation
/// gives. Kept per list of ranges (equal by content) and direction, for the last few such lists; asks that share
/// the strategy take turns. Besides the points, the completed trials' order along the numeric range is kept (one numeric range only),
/// updated as records change (<see cref="FirstCoordinateOrder"/>), so a model need not sort them on every ask.
/// </summary>
internal sealed class ScoredPointCache
{
    private const int MaxLists = 64;

    /// <summary>
    /// What a record gives: its point when it is a completed, finite trial of these ranges, else null; and whether it
    /// carries constraint values.
    /// </summary>
    internal readonly record struct Derived(double[]? Point, double Loss, bool Constrained = false);

    private sealed class Entries(int firstNumeric, bool oneNumericRange)
    {
        public readonly List<TrialRecord> Records = [];
        public readonly List<Derived> Derived = [];
        /// <summary>The range the order follows (the only numeric one), or −1 when there is none or several.</summary>
        public readonly int FirstNumeric = firstNumeric;
        public readonly FirstCoordinateOrder Order = new();
        /// <summary>Records with constraint values among those kept.</summary>
        public int Constrained;
        /// <summary>With one numeric range and nothing else: the points in flat arrays, kept (<see cref="KeptPoints"/>).</summary>
        public readonly KeptPoints? Kept = oneNumericRange ? new KeptPoints() : null;
        /// <summary>The first position set or cut since <see cref="Kept"/> was last updated.</summary>
        public int FirstChanged;

        /// <summary>Sets what position <paramref name="i"/> gives, keeping the order and the count in step.</summary>
        public void Set(int i, Derived value)
        {
            if (i == Derived.Count) Derived.Add(default);
            FirstChanged = Math.Min(FirstChanged, i);
            if (FirstNumeric >= 0 && Derived[i].Point is { } old) Order.Remove(old[FirstNumeric], i);
            if (Derived[i].Constrained) Constrained--;
            Derived[i] = value;
            if (FirstNumeric >= 0 && value.Point is { } point) Order.Add(point[FirstNumeric], i);
            if (value.Constrained) Constrained++;
        }

        /// <summary>Keeps the first <paramref name="count"/> positions only.</summary>
        public void Truncate(int count)
        {
            FirstChanged = Math.Min(FirstChanged, count);
            Records.RemoveRange(count, Records.Count - count);
            Derived.RemoveRange(count, Derived.Count - count);
            Order.Truncate(count);
            Constrained = Derived.Count(d => d.Constrained);
        }
    }

    /// <summary>
    /// Completed trials as points, in history order (the first <c>Count</c> of <c>Points</c>), (when exactly one range is
    /// numeric) their indices in that list ascending by that coordinate (the first <c>Count</c> of <c>ByFirstNumeric</c>),
    /// and whether any trial of the history has constraint values. Both arrays are rented from the shared pools (at
    /// 10,000 trials they would be a quarter of a megabyte per ask, on the large-object heap): give them back with
    /// <c>Return</c> once done.
    /// </summary>
    public readonly record struct Collected(CubePoint[] Points, int Count, int[]? ByFirstNumeric, bool AnyConstrained)
    {
        /// <summary>The points as a span.</summary>
        public ReadOnlySpan<CubePoint> Span => Points.AsSpan(0, Count);

        /// <summary>Gives the arrays back to the pools (clearing the points' references).</summary>
        public void Return()
        {
            ArrayPool<CubePoint>.Shared.Return(Points, clearArray: true);
            if (ByFirstNumeric is not null) ArrayPool<int>.Shared.Return(ByFirstNumeric);
        }
    }

    /// <summary>Ranges compared by content, so a list rebuilt for every ask (one range on its own) still hits.</summary>
    private sealed class Key(IReadOnlyList<ParameterRange> ranges, ObjectiveDirection direction) : IEquatable<Key>
    {
        private readonly int _hash = ranges.Aggregate(direction.GetHashCode(), (h, r) => HashCode.Combine(h, r));
        private IReadOnlyList<ParameterRange> Ranges => ranges;
        private ObjectiveDirection Direction => direction;

        public bool Equals(Key? other) => other is not null && other._hash == _hash && other.Direction == direction &&
            other.Ranges.SequenceEqual(ranges);

        public override bool Equals(object? obj) => Equals(obj as Key);
        public override int GetHashCode() => _hash;
    }

    private readonly Dictionary<Key, Entries> _lists = [];

    /// <summary>Completed trials of <paramref name="context"/> that drew exactly <paramref name="ranges"/>, in history order.</summary>
    public List<CubePoint> Collect(StrategyContext context, IReadOnlyList<ParameterRange> ranges)
    {
        var collected = CollectOrdered(context, ranges);
        var points = new List<CubePoint>(collected.Span.ToArray());
        collected.Return();
        return points;
    }

    /// <summary><see cref="Collect"/>, with the points' order along the numeric range (when there is exactly one).</summary>
    public Collected CollectOrdered(StrategyContext context, IReadOnlyList<ParameterRange> ranges)
    {
        var history = context.History;
        var points = ArrayPool<CubePoint>.Shared.Rent(Math.Max(history.Count, 1));
        int count = 0;
        lock (_lists)
        {
            var entries = Update(context, ranges);
            var records = entries.Records;
            var derived = entries.Derived;
            // history index → index in points
            var positions = entries.FirstNumeric >= 0 ? ArrayPool<int>.Shared.Rent(Math.Max(history.Count, 1)) : null;
            for (int i = 0; i < history.Count; i++)
            {
                if (derived[i].Point is { } point)
                {
                    if (positions is not null) positions[i] = count;
                    points[count++] = new CubePoint(point, derived[i].Loss, records[i].Number);
                }
            }
            bool constrained = entries.Constrained > 0;
            if (positions is null) return new Collected(points, count, null, constrained);
            var ordered = entries.Order.Positions;
            var byFirst = ArrayPool<int>.Shared.Rent(Math.Max(ordered.Count, 1));
            for (int j = 0; j < ordered.Count; j++) byFirst[j] = positions[ordered[j]];
            ArrayPool<int>.Shared.Return(positions);
            return new Collected(points, count, byFirst, constrained);
        }
    }

    /// <summary>
    /// When <paramref name="ranges"/> is one numeric range and no trial of the history has constraint values: the
    /// completed trials as <see cref="KeptPoints"/>, updated from what changed since the last ask, handed to
    /// <paramref name="use"/> under the cache's lock (asks sharing the strategy wait for each other meanwhile), and true.
    /// Otherwise false, and <paramref name="use"/> is not called.
    /// </summary>
    public bool TryUseKept<T>(StrategyContext context, IReadOnlyList<ParameterRange> ranges, Func<KeptPoints, T> use, out T result)
    {
        result = default!;
        if (ranges.Count != 1 || ranges[0] is CategoricalRange) return false;
        lock (_lists)
        {
            var entries = Update(context, ranges);
            if (entries.Kept is not { } kept || entries.Constrained > 0) return false;
            kept.Update(CollectionsMarshal.AsSpan(entries.Derived), entries.FirstChanged, entries.Derived.Count);
            entries.FirstChanged = int.MaxValue;
            result = use(kept);
            return true;
        }
    }

    /// <summary>The entries of these ranges and direction, brought up to the history's records (under the lock).</summary>
    private Entries Update(StrategyContext context, IReadOnlyList<ParameterRange> ranges)
    {
        var history = context.History;
        var choices = UnitCubeObservations.Choices(ranges);
        var key = new Key(ranges, context.Direction);
        if (!_lists.TryGetValue(key, out var entries))
        {
            if (_lists.Count >= MaxLists) _lists.Clear();
            // The order serves one numeric range only (see ParzenEstimator): with more, it is not kept.
            _lists[key] = entries = new Entries(choices.Count(c => c == 0) == 1 ? Array.IndexOf(choices, 0) : -1,
                oneNumericRange: choices is [0]);
        }
        var records = entries.Records;
        if (records.Count > history.Count) entries.Truncate(history.Count);
        for (int i = 0; i < history.Count; i++)
        {
            var record = history[i];
            if (i == records.Count)
            {
                records.Add(record);
                entries.Set(i, Derive(record, ranges, choices, context.Direction));
            }
            else if (!ReferenceEquals(records[i], record))
            {
                records[i] = record;
                entries.Set(i, Derive(record, ranges, choices, context.Direction));
            }
        }
        return entries;
    }

    private static Derived Derive(TrialRecord record, IReadOnlyList<ParameterRange> ranges, int[] choices,
        ObjectiveDirection direction)
    {
        bool constrained = record.Constraints.Count > 0;
        if (record.State != TrialState.Completed || record.Value is not { } value || !double.IsFinite(value))
            return new Derived(null, 0, constrained);
        return new Derived(UnitCubeObservations.ComputePoint(record, ranges, choices), direction.ToLoss(value), constrained);
    }
}

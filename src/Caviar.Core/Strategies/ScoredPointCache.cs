using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.Strategies;

/// <summary>
/// The completed trials of a history as cube points with their losses, kept from one ask to the next: a record
/// that is the same object as at the same position last time (a finished trial never changes, and the in-memory
/// store hands out the same objects) reuses what was derived from it, so an ask costs one reference comparison
/// per unchanged trial. Records that differ are derived afresh, so the result is always what a fresh derivation
/// gives. Kept per list of ranges (equal by content) and direction, for the last few such lists; asks that share
/// the strategy take turns.
/// </summary>
internal sealed class ScoredPointCache
{
    private const int MaxLists = 64;

    /// <summary>What a record gives: its point when it is a completed, finite trial of these ranges, else null.</summary>
    private readonly record struct Derived(double[]? Point, double Loss);

    private sealed class Entries
    {
        public readonly List<TrialRecord> Records = [];
        public readonly List<Derived> Derived = [];
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
        var history = context.History;
        var choices = UnitCubeObservations.Choices(ranges);
        var key = new Key(ranges, context.Direction);
        var points = new List<CubePoint>(history.Count);
        lock (_lists)
        {
            if (!_lists.TryGetValue(key, out var entries))
            {
                if (_lists.Count >= MaxLists) _lists.Clear();
                _lists[key] = entries = new Entries();
            }
            var records = entries.Records;
            var derived = entries.Derived;
            if (records.Count > history.Count)
            {
                records.RemoveRange(history.Count, records.Count - history.Count);
                derived.RemoveRange(history.Count, derived.Count - history.Count);
            }
            for (int i = 0; i < history.Count; i++)
            {
                var record = history[i];
                if (i == records.Count)
                {
                    records.Add(record);
                    derived.Add(Derive(record, ranges, choices, context.Direction));
                }
                else if (!ReferenceEquals(records[i], record))
                {
                    records[i] = record;
                    derived[i] = Derive(record, ranges, choices, context.Direction);
                }
                if (derived[i].Point is { } point) points.Add(new CubePoint(point, derived[i].Loss, record.Number));
            }
        }
        return points;
    }

    private static Derived Derive(TrialRecord record, IReadOnlyList<ParameterRange> ranges, int[] choices,
        ObjectiveDirection direction)
    {
        if (record.State != TrialState.Completed || record.Value is not { } value || !double.IsFinite(value)) return default;
        return new Derived(UnitCubeObservations.ComputePoint(record, ranges, choices), direction.ToLoss(value));
    }
}

using System.Collections;

namespace Caviar.Trials;

/// <summary>
/// A trial's intermediate values in step order, as a relational store reads them (<see cref="TrialRecord.IntermediateValues"/>):
/// two arrays and a count. A curve never changes; <see cref="Merged"/> returns a longer one that shares this one's arrays
/// when nothing was appended past it yet (the slots below a curve's count are never written again), so taking in a few
/// new values of a long curve costs those values, not a copy of the curve. Only a rewritten value copies.
/// <see cref="Revision"/> is the store's count of rewrites of the trial's curve this curve reflects (see
/// <c>RelationalSchema</c>, version 7); <see cref="UnknownRevision"/> when the read did not say.
/// </summary>
internal sealed class IntermediateCurve : IReadOnlyDictionary<long, double>
{
    /// <summary>The revision of a curve whose store marker is not known: never equal to a stored one (those start at 0).</summary>
    public const long UnknownRevision = -1;

    /// <summary>No values, revision unknown.</summary>
    public static readonly IntermediateCurve Empty = new(new Storage([], []), 0, UnknownRevision);

    /// <summary>No values, never rewritten: most finished trials of a study without a pruner (one object for all of them).</summary>
    public static readonly IntermediateCurve EmptyAtRevisionZero = new(new Storage([], []), 0, 0);

    /// <summary>Arrays shared by the curves appended to one another; <see cref="Claimed"/> slots hold values.</summary>
    private sealed class Storage(long[] steps, double[] values)
    {
        public readonly long[] Steps = steps;
        public readonly double[] Values = values;
        public int Claimed;
    }

    private readonly Storage _storage;

    private IntermediateCurve(Storage storage, int count, long revision)
    {
        _storage = storage;
        Count = count;
        Revision = revision;
    }

    /// <summary>A curve over <paramref name="steps"/> and <paramref name="values"/> (taken, not copied; sorted here by step).</summary>
    public static IntermediateCurve Of(long[] steps, double[] values, int count, long revision)
    {
        for (int i = 1; i < count; i++)
            if (steps[i] <= steps[i - 1])
            {
                Array.Sort(steps, values, 0, count);
                break;
            }
        var storage = new Storage(steps, values) { Claimed = count };
        return new IntermediateCurve(storage, count, revision);
    }

    /// <summary>The store's count of rewrites of this trial's curve that this curve reflects, or <see cref="UnknownRevision"/>.</summary>
    public long Revision { get; }

    public int Count { get; }

    /// <summary>The highest step (the curve is not empty).</summary>
    public long LastStep => _storage.Steps[Count - 1];

    /// <summary>The value at <see cref="LastStep"/> (the curve is not empty).</summary>
    public double LastValue => _storage.Values[Count - 1];

    /// <summary>The steps in order (a view, not a copy).</summary>
    public ReadOnlySpan<long> StepSpan => _storage.Steps.AsSpan(0, Count);

    /// <summary>The values in step order (a view, not a copy).</summary>
    public ReadOnlySpan<double> ValueSpan => _storage.Values.AsSpan(0, Count);

    /// <summary>
    /// This curve with the values at <paramref name="steps"/> (each at or above <see cref="LastStep"/>, in any order)
    /// taken in, as of store revision <paramref name="revision"/>: this curve itself when nothing changed; one sharing
    /// its arrays when the values only extend it; a copy when the value at <see cref="LastStep"/> changed (or a step
    /// below it came, which the store's revision rules out).
    /// </summary>
    public IntermediateCurve Merged(long[] steps, double[] values, int count, long revision)
    {
        if (count > 1) Array.Sort(steps, values, 0, count);
        int from = 0;
        bool rewrite = false;
        if (Count > 0)
        {
            while (from < count && steps[from] < LastStep) { rewrite = true; from++; }
            if (from < count && steps[from] == LastStep)
            {
                if (BitConverter.DoubleToInt64Bits(values[from]) != BitConverter.DoubleToInt64Bits(LastValue)) rewrite = true;
                from++;
            }
        }
        if (rewrite) return Copied(steps, values, count, revision);
        int added = count - from;
        if (added == 0) return revision == Revision ? this : new IntermediateCurve(_storage, Count, revision);
        int total = Count + added;
        var storage = _storage;
        // In place when this curve is the longest over its arrays and they have room: its slots above Count are claimed
        // (once, whichever thread comes first) and written before the new curve is handed out.
        if (total > storage.Steps.Length || Interlocked.CompareExchange(ref storage.Claimed, total, Count) != Count)
        {
            int capacity = Math.Max(total, Math.Max(4, 2 * Count));
            storage = new Storage(new long[capacity], new double[capacity]) { Claimed = total };
            StepSpan.CopyTo(storage.Steps);
            ValueSpan.CopyTo(storage.Values);
        }
        Array.Copy(steps, from, storage.Steps, Count, added);
        Array.Copy(values, from, storage.Values, Count, added);
        return new IntermediateCurve(storage, total, revision);
    }

    /// <summary>A new curve: this one's values, those given replacing or joining them.</summary>
    private IntermediateCurve Copied(long[] steps, double[] values, int count, long revision)
    {
        var merged = new SortedDictionary<long, double>();
        for (int i = 0; i < Count; i++) merged[_storage.Steps[i]] = _storage.Values[i];
        for (int i = 0; i < count; i++) merged[steps[i]] = values[i];
        return Of([.. merged.Keys], [.. merged.Values], merged.Count, revision);
    }

    private int IndexOf(long step) => Array.BinarySearch(_storage.Steps, 0, Count, step);

    public double this[long key] => IndexOf(key) is var i and >= 0 ? _storage.Values[i]
        : throw new KeyNotFoundException($"No intermediate value at step {key}.");

    public IEnumerable<long> Keys => new ArraySegment<long>(_storage.Steps, 0, Count);

    public IEnumerable<double> Values => new ArraySegment<double>(_storage.Values, 0, Count);

    public bool ContainsKey(long key) => IndexOf(key) >= 0;

    public bool TryGetValue(long key, out double value)
    {
        int i = IndexOf(key);
        value = i >= 0 ? _storage.Values[i] : default;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<long, double>> GetEnumerator()
    {
        var (steps, values) = (_storage.Steps, _storage.Values);
        for (int i = 0; i < Count; i++) yield return new KeyValuePair<long, double>(steps[i], values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

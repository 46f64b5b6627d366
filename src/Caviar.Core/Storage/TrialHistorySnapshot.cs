using System.Collections;
using Caviar.Trials;

namespace Caviar.Storage;

/// <summary>
/// What <see cref="TrialHistoryCache.Read"/> returns: the study's trials by number, and besides them where this read
/// stands in the cache's log of finished trials (in the order they were first seen finished) and which trials were
/// unfinished. Pruners use it to take in only the trials finished since their last decision.
/// </summary>
internal sealed class TrialHistorySnapshot(List<TrialRecord> all, TrialHistoryCache source, int finishedCount,
    List<TrialRecord> unfinished) : IReadOnlyList<TrialRecord>
{
    /// <summary>The cache this read came from: positions in its finished log mean something only for it.</summary>
    public TrialHistoryCache Source { get; } = source;

    /// <summary>How many entries the cache's finished log held at this read.</summary>
    public int FinishedCount { get; } = finishedCount;

    /// <summary>The trials of this read that were not finished (Running or Waiting).</summary>
    public IReadOnlyList<TrialRecord> Unfinished { get; } = unfinished;

    /// <summary>Entries <paramref name="from"/> (inclusive) to <see cref="FinishedCount"/> of the cache's finished log.</summary>
    public IReadOnlyList<TrialRecord> FinishedSince(int from) => Source.FinishedBetween(from, FinishedCount);

    public TrialRecord this[int index] => all[index];
    public int Count => all.Count;
    public IEnumerator<TrialRecord> GetEnumerator() => all.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

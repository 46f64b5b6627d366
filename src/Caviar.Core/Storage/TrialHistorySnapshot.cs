using System.Collections;
using Caviar.Trials;

namespace Caviar.Storage;

/// <summary>
/// What <see cref="TrialHistoryCache.Read()"/> returns: the study's trials by number, and besides them where this read
/// stands in the cache's log of finished trials (in the order they were first seen finished) and which trials were
/// unfinished. Pruners use it to take in only the trials finished since their last decision.
/// </summary>
internal sealed class TrialHistorySnapshot : IReadOnlyList<TrialRecord>
{
    private readonly List<TrialRecord>? _list;
    private readonly TrialRecord?[][]? _chunks;   // trial i at _chunks[i / _chunkSize][i % _chunkSize]; never changed
    private readonly int _chunkSize;

    /// <summary>Over a list of its own.</summary>
    public TrialHistorySnapshot(List<TrialRecord> all, TrialHistoryCache source, int finishedCount, List<TrialRecord> unfinished)
    {
        _list = all;
        Count = all.Count;
        (Source, FinishedCount, Unfinished) = (source, finishedCount, unfinished);
    }

    /// <summary>Over chunks the cache no longer changes (every slot below <paramref name="count"/> holds a trial).</summary>
    public TrialHistorySnapshot(TrialRecord?[][] chunks, int chunkSize, int count, TrialHistoryCache source, int finishedCount,
        List<TrialRecord> unfinished)
    {
        (_chunks, _chunkSize, Count) = (chunks, chunkSize, count);
        (Source, FinishedCount, Unfinished) = (source, finishedCount, unfinished);
    }

    /// <summary>The cache this read came from: positions in its finished log mean something only for it.</summary>
    public TrialHistoryCache Source { get; }

    /// <summary>How many entries the cache's finished log held at this read.</summary>
    public int FinishedCount { get; }

    /// <summary>The trials of this read that were not finished (Running or Waiting).</summary>
    public IReadOnlyList<TrialRecord> Unfinished { get; }

    /// <summary>Entries <paramref name="from"/> (inclusive) to <see cref="FinishedCount"/> of the cache's finished log.</summary>
    public IReadOnlyList<TrialRecord> FinishedSince(int from) => from == FinishedCount ? [] : Source.FinishedBetween(from, FinishedCount);

    public TrialRecord this[int index] => _list is not null ? _list[index]
        : (uint)index < (uint)Count ? _chunks![index / _chunkSize][index % _chunkSize]!
        : throw new ArgumentOutOfRangeException(nameof(index));

    public int Count { get; }

    public IEnumerator<TrialRecord> GetEnumerator()
    {
        if (_list is not null)
        {
            foreach (var trial in _list) yield return trial;
            yield break;
        }
        // Chunk by chunk: no division per trial (a pass over 10,000 trials is part of every stop check that looks for the best).
        for (int start = 0, c = 0; start < Count; start += _chunkSize, c++)
        {
            var chunk = _chunks![c];
            for (int i = 0, end = Math.Min(_chunkSize, Count - start); i < end; i++) yield return chunk[i]!;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

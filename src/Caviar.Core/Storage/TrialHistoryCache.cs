using Caviar.Trials;

namespace Caviar.Storage;

/// <summary>
/// A study's trials as <see cref="IStudyStore.GetTrials"/> returns them, read incrementally: a finished trial never
/// changes, so it is read once and kept (the same object every time, which lets strategies reuse what they derived
/// from it); each read asks the store only for trials numbered above the highest seen and for those seen unfinished
/// (as Optuna's cached storage does), handing it the unfinished ones as held (<see cref="HeldTrials"/>), so a relational
/// store reads of their curves only the values added since. On SQL stores that turns an ask's read of the whole study into a read of a
/// few rows. Other processes' trials are seen like this process's own. Safe to use from many threads.
/// </summary>
public sealed class TrialHistoryCache(IStudyStore store, long studyId)
{
    /// <summary>Past this many unfinished trials they are not listed one by one: everything from the lowest is read again.</summary>
    public const int MaxListedUnfinished = 200;

    /// <summary>Trials per chunk of the number-ordered table (8 KB of references: below the large-object heap).</summary>
    private const int ChunkSize = 1024;

    private readonly Lock _lock = new();
    // Trials by number in chunks. A read hands the chunks out as they are (no copy of the whole study); the slots a read
    // can see (below its count) are frozen, and a later change to one of them copies the chunk first, so every read
    // keeps seeing what it saw. Slots above every read's count are written in place: a new trial in the last chunk
    // costs no copy of it (an ask used to copy 8 KB for its own trial).
    private readonly List<TrialRecord?[]> _chunks = [];
    private readonly List<int> _frozenBelow = [];   // per chunk: slots below this index were handed out
    private int _count;     // numbers 0 … _count − 1 have a slot
    private int _missing;   // slots without a trial (numbers not read)
    private readonly SortedSet<int> _unfinished = [];
    private readonly List<TrialRecord> _finishedLog = [];   // each trial once, in the order it was first seen finished

    /// <summary>All trials of the study ordered by number, as stored now.</summary>
    public IReadOnlyList<TrialRecord> Read() => Read(store.GetTrialsChanged);

    /// <summary>
    /// Writes an intermediate value of a Running trial of the study (<see cref="IStudyStore.ReportIntermediate"/>), then
    /// returns what <see cref="Read()"/> returns, which includes it: one round trip on stores that send both at once
    /// (<see cref="IStudyStore.ReportIntermediateAndGetChanged"/>). When the value is refused, nothing is taken in.
    /// </summary>
    public IReadOnlyList<TrialRecord> ReportAndRead(long trialId, long step, double value) =>
        Read((study, after, numbers) => store.ReportIntermediateAndGetChanged(trialId, step, value, study, after, numbers));

    /// <summary>
    /// <see cref="Read()"/> with <paramref name="changedSince"/> as the store's read of changed trials (study, highest
    /// number seen, unfinished numbers): it runs under the lock, and if it throws, the cache is left as it was.
    /// </summary>
    private IReadOnlyList<TrialRecord> Read(Func<long, int, IReadOnlyCollection<int>, IReadOnlyList<TrialRecord>> changedSince)
    {
        lock (_lock)
        {
            int highest = _count - 1;
            var changed = _unfinished.Count <= MaxListedUnfinished
                ? changedSince(studyId, highest, Held())
                : changedSince(studyId, _unfinished.Min - 1, []);
            foreach (var trial in changed)
            {
                bool wasFinished = Get(trial.Number)?.State.IsFinished() ?? false;
                Set(trial.Number, trial);
                if (trial.State.IsFinished())
                {
                    _unfinished.Remove(trial.Number);
                    if (!wasFinished) _finishedLog.Add(trial);
                }
                else _unfinished.Add(trial.Number);
            }
            var unfinished = new List<TrialRecord>(_unfinished.Count);
            foreach (int number in _unfinished) unfinished.Add(Get(number)!);
            if (_missing == 0)
            {
                for (int c = 0; c < _frozenBelow.Count; c++) _frozenBelow[c] = Math.Min(ChunkSize, _count - c * ChunkSize);
                return new TrialHistorySnapshot([.. _chunks], ChunkSize, _count, this, _finishedLog.Count, unfinished);
            }
            var all = new List<TrialRecord>(_count - _missing);
            for (int number = 0; number < _count; number++)
                if (Get(number) is { } trial) all.Add(trial);
            return new TrialHistorySnapshot(all, this, _finishedLog.Count, unfinished);
        }
    }

    /// <summary>The unfinished trials as held: the store reads of their curves only what they lack.</summary>
    private HeldTrials Held()
    {
        var held = new List<TrialRecord>(_unfinished.Count);
        foreach (int number in _unfinished) held.Add(Get(number)!);
        return new HeldTrials(held);
    }

    private TrialRecord? Get(int number) => number < _count ? _chunks[number / ChunkSize][number % ChunkSize] : null;

    private void Set(int number, TrialRecord trial)
    {
        while (_chunks.Count <= number / ChunkSize)
        {
            _chunks.Add(new TrialRecord?[ChunkSize]);
            _frozenBelow.Add(0);
        }
        if (number >= _count)
        {
            _missing += number + 1 - _count;
            _count = number + 1;
        }
        int c = number / ChunkSize;
        if (number % ChunkSize < _frozenBelow[c])
        {
            _chunks[c] = (TrialRecord?[])_chunks[c].Clone();
            _frozenBelow[c] = 0;
        }
        if (_chunks[c][number % ChunkSize] is null) _missing--;
        _chunks[c][number % ChunkSize] = trial;
    }

    /// <summary>Entries <paramref name="from"/> to <paramref name="to"/> (exclusive) of the log of finished trials.</summary>
    internal IReadOnlyList<TrialRecord> FinishedBetween(int from, int to)
    {
        lock (_lock) return _finishedLog.GetRange(from, to - from);
    }
}

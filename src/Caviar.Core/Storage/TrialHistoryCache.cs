using Caviar.Trials;

namespace Caviar.Storage;

/// <summary>
/// A study's trials as <see cref="IStudyStore.GetTrials"/> returns them, read incrementally: a finished trial never
/// changes, so it is read once and kept (the same object every time, which lets strategies reuse what they derived
/// from it); each read asks the store only for trials numbered above the highest seen and for those seen unfinished
/// (as Optuna's cached storage does). On SQL stores that turns an ask's read of the whole study into a read of a
/// few rows. Other processes' trials are seen like this process's own. Safe to use from many threads.
/// </summary>
public sealed class TrialHistoryCache(IStudyStore store, long studyId)
{
    /// <summary>Past this many unfinished trials they are not listed one by one: everything from the lowest is read again.</summary>
    public const int MaxListedUnfinished = 200;

    private readonly Lock _lock = new();
    private readonly List<TrialRecord?> _byNumber = [];
    private readonly SortedSet<int> _unfinished = [];
    private readonly List<TrialRecord> _finishedLog = [];   // each trial once, in the order it was first seen finished

    /// <summary>All trials of the study ordered by number, as stored now.</summary>
    public IReadOnlyList<TrialRecord> Read()
    {
        lock (_lock)
        {
            int highest = _byNumber.Count - 1;
            var changed = _unfinished.Count <= MaxListedUnfinished
                ? store.GetTrialsChanged(studyId, highest, _unfinished)
                : store.GetTrialsChanged(studyId, _unfinished.Min - 1, []);
            foreach (var trial in changed)
            {
                while (_byNumber.Count <= trial.Number) _byNumber.Add(null);
                bool wasFinished = _byNumber[trial.Number]?.State.IsFinished() ?? false;
                _byNumber[trial.Number] = trial;
                if (trial.State.IsFinished())
                {
                    _unfinished.Remove(trial.Number);
                    if (!wasFinished) _finishedLog.Add(trial);
                }
                else _unfinished.Add(trial.Number);
            }
            var all = new List<TrialRecord>(_byNumber.Count);
            var unfinished = new List<TrialRecord>(_unfinished.Count);
            foreach (var trial in _byNumber)
                if (trial is not null)
                {
                    all.Add(trial);
                    if (!trial.State.IsFinished()) unfinished.Add(trial);
                }
            return new TrialHistorySnapshot(all, this, _finishedLog.Count, unfinished);
        }
    }

    /// <summary>Entries <paramref name="from"/> to <paramref name="to"/> (exclusive) of the log of finished trials.</summary>
    internal IReadOnlyList<TrialRecord> FinishedBetween(int from, int to)
    {
        lock (_lock) return _finishedLog.GetRange(from, to - from);
    }
}

using Caviar.Trials;

namespace Caviar.Storage;

/// <summary>
/// Which finished trials a reader (a pruner, a strategy, a run's stop check) has not taken in yet. Finished trials
/// never change, so what a reader derives from one stays true; this hands it each such trial once. Given a
/// <see cref="TrialHistorySnapshot"/> (what studies pass), it reads only the cache's finished log past the last
/// position, with no pass over the study; given any other list, it makes one pass and checks trial ids. When the
/// trials are not a continuation of those taken in (another study, another cache, a list that lacks some), it says so
/// and the reader starts over from what it returns.
/// </summary>
internal sealed class FinishedTrialFeed(Func<TrialRecord, bool> wanted)
{
    private object? _source;      // the snapshots' cache, or this for plain lists
    private int _cursor;          // snapshots: position in the cache's finished log
    private readonly HashSet<long> _ids = [];   // plain lists: the trials taken in

    /// <summary>Whether <paramref name="trials"/> can be taken in from where the feed stands (not an older snapshot).</summary>
    public bool CanAdvanceTo(IReadOnlyList<TrialRecord> trials) =>
        trials is not TrialHistorySnapshot snapshot || !ReferenceEquals(_source, snapshot.Source) || snapshot.FinishedCount >= _cursor;

    /// <summary>
    /// The wanted finished trials of <paramref name="trials"/> not yet taken in; <paramref name="restart"/> is true when
    /// what was taken in before must be dropped (the returned trials are then all of them).
    /// </summary>
    public IReadOnlyList<TrialRecord> Advance(IReadOnlyList<TrialRecord> trials, out bool restart)
    {
        restart = false;
        if (trials is TrialHistorySnapshot snapshot)
        {
            if (!ReferenceEquals(_source, snapshot.Source))
            {
                restart = true;
                _source = snapshot.Source;
                _cursor = 0;
                _ids.Clear();
            }
            var fresh = snapshot.FinishedSince(_cursor);
            _cursor = snapshot.FinishedCount;
            List<TrialRecord>? kept = null;
            foreach (var trial in fresh)
                if (wanted(trial)) (kept ??= []).Add(trial);
            return kept ?? (IReadOnlyList<TrialRecord>)[];
        }

        if (!ReferenceEquals(_source, this))
        {
            restart = true;
            _source = this;
            _ids.Clear();
        }
        var added = new List<TrialRecord>();
        int present = 0;
        foreach (var trial in trials)
        {
            if (!trial.State.IsFinished() || !wanted(trial)) continue;
            present++;
            if (_ids.Add(trial.Id)) added.Add(trial);
        }
        if (present == _ids.Count) return added;
        // Some trial taken in before is not in this list: start over from this list alone.
        restart = true;
        _ids.Clear();
        added.Clear();
        foreach (var trial in trials)
            if (trial.State.IsFinished() && wanted(trial) && _ids.Add(trial.Id)) added.Add(trial);
        return added;
    }
}

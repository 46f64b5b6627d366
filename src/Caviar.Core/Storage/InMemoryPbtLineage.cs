using Caviar.Pbt;

namespace Caviar.Storage;

/// <summary>The lineage of population-based training, kept in memory like the rest of the store.</summary>
public sealed partial class InMemoryStudyStore : IPbtLineageStore
{
    private readonly Dictionary<(long Study, int Round, int Member), PbtLineageEntry> _lineage = [];

    public void AddPbtEntries(long studyId, IReadOnlyList<PbtLineageEntry> entries)
    {
        lock (_gate)
        {
            if (_studies.All(s => s.Id != studyId)) throw new KeyNotFoundException($"No study with id {studyId}.");
            foreach (var entry in entries) _lineage.TryAdd((studyId, entry.Round, entry.Member), entry);
        }
    }

    public void SetPbtScore(long studyId, int member, int round, double? score)
    {
        lock (_gate)
        {
            if (!_lineage.TryGetValue((studyId, round, member), out var entry))
                throw new KeyNotFoundException($"study {studyId} has no lineage entry for member {member} in round {round}");
            _lineage[(studyId, round, member)] = entry with { Score = score };
        }
    }

    public IReadOnlyList<PbtLineageEntry> GetPbtLineage(long studyId)
    {
        lock (_gate)
            return _lineage.Where(p => p.Key.Study == studyId).OrderBy(p => p.Key.Round).ThenBy(p => p.Key.Member)
                .Select(p => p.Value).ToList();
    }
}

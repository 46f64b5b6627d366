namespace Caviar.Pbt;

/// <summary>
/// Where a study keeps its population-based training lineage (every store: in-memory, SQLite, PostgreSQL). A round's
/// entries are written before any of its checkpoints is copied, so a run killed at any moment resumes with the same
/// decisions; an entry already stored is kept as it is.
/// </summary>
public interface IPbtLineageStore
{
    /// <summary>Stores the entries of one round (one transaction where the store has them); entries already stored stay unchanged.</summary>
    void AddPbtEntries(long studyId, IReadOnlyList<PbtLineageEntry> entries);

    /// <summary>Sets the score of a stored entry (null: its trial failed).</summary>
    void SetPbtScore(long studyId, int member, int round, double? score);

    /// <summary>Every entry of the study, by round, then member.</summary>
    IReadOnlyList<PbtLineageEntry> GetPbtLineage(long studyId);
}

namespace Caviar.Pbt;

/// <summary>
/// One member's step of a population-based training run: in round <paramref name="Round"/> member
/// <paramref name="Member"/> trained with <paramref name="HyperParameters"/> (user-facing values, as a trial's), starting
/// from the checkpoint member <paramref name="ParentMember"/> left at the end of the round before (null: its own, or
/// none in round 0), and scored <paramref name="Score"/> (null until the round's trial completes, or when it failed).
/// </summary>
/// <param name="Member">The member, 0 … population size − 1.</param>
/// <param name="Round">The round, from 0.</param>
/// <param name="ParentMember">The member whose checkpoint this one copied before the round (exploit); null when it went on from its own.</param>
/// <param name="HyperParameters">The values trained with in this round, by range name.</param>
/// <param name="Score">The round's objective value; null before it is known or when the round's trial failed.</param>
public sealed record PbtLineageEntry(int Member, int Round, int? ParentMember,
    IReadOnlyDictionary<string, object> HyperParameters, double? Score = null);

namespace Caviar.Pbt;

/// <summary>
/// What one member does at the start of a round: go on from its own checkpoint (<paramref name="CopyFrom"/> null) with
/// the same values, or copy member <paramref name="CopyFrom"/>'s checkpoint and train with
/// <paramref name="HyperParameters"/> (the copied member's values, perturbed or resampled).
/// </summary>
/// <param name="Member">The member deciding.</param>
/// <param name="CopyFrom">The top member it exploits; null when it continues.</param>
/// <param name="HyperParameters">Internal values (see <see cref="SearchSpaces.ParameterRange"/>) for the round, by range name.</param>
public sealed record PbtDecision(int Member, int? CopyFrom, IReadOnlyDictionary<string, double> HyperParameters);

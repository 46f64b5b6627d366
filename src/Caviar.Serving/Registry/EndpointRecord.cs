using Caviar.Serving.Variants;

namespace Caviar.Serving.Registry;

/// <summary>
/// A running endpoint as the registry keeps it (ARTIFACTS/endpoints/NAME.json, readable by its owner only since it
/// holds the token): the process, where it listens and what it serves.
/// </summary>
public sealed record EndpointRecord(string Name, int ProcessId, string Url, string? Token, IReadOnlyList<VariantSpec> Variants, DateTimeOffset StartedAt);

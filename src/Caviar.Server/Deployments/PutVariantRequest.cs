namespace Caviar.Server.Deployments;

/// <summary>
/// The body of <c>PUT /api/endpoints/{name}/variants/{variant}</c>: the model the variant serves from now on (one of
/// the three sources) and its weight (default: the variant's current weight, 1 for a new variant).
/// </summary>
internal sealed record PutVariantRequest
{
    public string? Model { get; init; }
    public string? TrainingJob { get; init; }
    public string? TuningJob { get; init; }
    public double? Weight { get; init; }
}

namespace Caviar.Server.Deployments;

/// <summary>A variant of <c>POST /api/endpoints</c>: its name, model and share of the traffic (default weight 1).</summary>
internal sealed record VariantRequest
{
    public string? Name { get; init; }
    public string? Model { get; init; }
    public double Weight { get; init; } = 1;
}

namespace Caviar.Serving.Protocols;

/// <summary>Rows of features held row-major, as the batcher takes them.</summary>
public sealed record FeatureRows(float[] Values, int Count);

namespace Caviar.Serving.Protocols;

/// <summary>Rows of features held row-major, as the batcher takes them.</summary>
internal sealed record FeatureRows(float[] Values, int Count);

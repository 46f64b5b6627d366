namespace Caviar.Plots;

/// <summary>A chart with nothing to draw (no completed trial, no intermediate value): an error, not empty axes.</summary>
public sealed class EmptyChartException(string message) : Exception(message);

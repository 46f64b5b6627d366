namespace Caviar.Algorithms.LightGbm;

/// <summary>A LightGBM C API call failed; the message is the call and LightGBM's own error text.</summary>
public sealed class LightGbmException(string message) : Exception(message);

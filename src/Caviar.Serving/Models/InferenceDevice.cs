using Caviar.Validation;

namespace Caviar.Serving.Models;

/// <summary>Where ONNX Runtime runs a served model: the CPU (default) or an NVIDIA GPU through its CUDA execution provider.</summary>
public enum InferenceDevice
{
    Cpu,
    Cuda,
}

internal static class InferenceDevices
{
    /// <summary>Parses <c>cpu</c> or <c>cuda</c> (any case; null or empty: cpu).</summary>
    public static InferenceDevice Parse(string? text, string field) => text?.ToLowerInvariant() switch
    {
        null or "" or "cpu" => InferenceDevice.Cpu,
        "cuda" => InferenceDevice.Cuda,
        _ => throw new CaviarValidationException(field, $"'{text}' is not a device: cpu or cuda"),
    };

    public static string Name(this InferenceDevice device) => device == InferenceDevice.Cuda ? "cuda" : "cpu";
}

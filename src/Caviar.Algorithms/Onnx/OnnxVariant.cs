namespace Caviar.Algorithms.Onnx;

/// <summary>How <c>NetworkOnnxExport</c> writes a network without calibration data: full precision, int8 dynamic
/// quantization of its fully connected layers (weights int8, activations quantized at run time; <c>caviar optimize</c>'s
/// <c>int8-dynamic</c>), or fp16 weights (stored at half the size, computed in fp32). Static int8 quantization (the
/// <c>int8</c> variant) needs calibration data: <c>StaticQuantization</c> in the neural plugin.</summary>
public enum OnnxVariant { Fp32, Int8Dynamic, Fp16 }

namespace Caviar.Algorithms.Onnx;

/// <summary>How a network is exported: full precision, int8 dynamic quantization of its fully connected layers
/// (weights int8, activations quantized at run time), or fp16 weights (stored at half the size, computed in fp32).</summary>
public enum OnnxVariant { Fp32, Int8, Fp16 }

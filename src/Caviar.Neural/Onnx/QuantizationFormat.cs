namespace Caviar.Algorithms.Onnx;

/// <summary>
/// How a statically quantized network is written, as in ONNX Runtime's <c>quantize_static</c>: <see cref="Qdq"/>
/// (float operators between QuantizeLinear/DequantizeLinear pairs, which ONNX Runtime fuses into its integer kernels
/// when it loads the model; its tools' default) or <see cref="QOperator"/> (the integer operators written out:
/// QLinearConv, and com.microsoft's QGemm for the dense layers).
/// </summary>
public enum QuantizationFormat { Qdq, QOperator }

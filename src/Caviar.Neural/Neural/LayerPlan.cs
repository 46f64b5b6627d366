namespace Caviar.Algorithms.Neural;

/// <summary>What a layer of the built-in networks is; the network and its ONNX export are both built from these.</summary>
public enum LayerKind { Conv3x3, BatchNorm2d, Relu, MaxPool2, Flatten, Linear, BatchNorm1d, Dropout }

/// <summary>One layer: its kind and its input and output widths (channels for convolutions).</summary>
public sealed record LayerPlan(LayerKind Kind, long In, long Out, double DropoutRate = 0);

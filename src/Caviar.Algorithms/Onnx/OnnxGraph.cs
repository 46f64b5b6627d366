namespace Caviar.Algorithms.Onnx;

/// <summary>ONNX tensor element types used here (TensorProto.DataType).</summary>
public enum OnnxType { Float = 1, UInt8 = 2, Int8 = 3, Int32 = 6, Int64 = 7, Float16 = 10 }

/// <summary>
/// Builds an ONNX model (opset 13) node by node and writes it as protocol buffers: enough for the networks Caviar
/// trains, so they can run on ONNX Runtime without any Python tooling.
/// </summary>
public sealed class OnnxGraph
{
    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private int _names;
    private bool _usesMl;
    private bool _usesMicrosoft;

    public string Unique(string prefix) => $"{prefix}_{_names++}";

    public void Input(string name, OnnxType type, params object[] shape) => _inputs.Add(ValueInfo(name, type, shape));

    public void Output(string name, OnnxType type, params object[] shape) => _outputs.Add(ValueInfo(name, type, shape));

    public string Initializer(string name, OnnxType type, long[] dims, byte[] raw)
    {
        var tensor = new ProtoWriter();
        foreach (long d in dims) tensor.Int(1, d);
        tensor.Int(2, (int)type).String(8, name).Bytes(9, raw);
        _initializers.Add(tensor);
        return name;
    }

    public string Floats(string name, long[] dims, float[] values) =>
        Initializer(name, OnnxType.Float, dims, values.SelectMany(BitConverter.GetBytes).ToArray());

    /// <summary>Adds a node; attributes are int (long), float, string, or lists of them (long[], float[], string[]).</summary>
    public string[] Node(string op, string[] inputs, int outputs = 1, params (string Name, object Value)[] attributes) =>
        AddNode(op, "", inputs, outputs, attributes);

    /// <summary>Adds a node of the ai.onnx.ml domain (opset 3), such as TreeEnsembleRegressor.</summary>
    public string[] MlNode(string op, string[] inputs, int outputs = 1, params (string Name, object Value)[] attributes)
    {
        _usesMl = true;
        return AddNode(op, "ai.onnx.ml", inputs, outputs, attributes);
    }

    /// <summary>Adds a node of ONNX Runtime's com.microsoft domain (opset 1), such as QGemm.</summary>
    public string[] MicrosoftNode(string op, string[] inputs, int outputs = 1, params (string Name, object Value)[] attributes)
    {
        _usesMicrosoft = true;
        return AddNode(op, "com.microsoft", inputs, outputs, attributes);
    }

    private string[] AddNode(string op, string domain, string[] inputs, int outputs, (string Name, object Value)[] attributes)
    {
        var names = Enumerable.Range(0, outputs).Select(_ => Unique(op.ToLowerInvariant())).ToArray();
        var node = new ProtoWriter();
        foreach (var input in inputs) node.String(1, input);
        foreach (var output in names) node.String(2, output);
        node.String(3, Unique("node")).String(4, op);
        foreach (var (name, value) in attributes)
        {
            var attribute = new ProtoWriter().String(1, name);
            switch (value)
            {
                case long i: attribute.Int(3, i).Int(20, 2); break;
                case float f: attribute.Float(2, f).Int(20, 1); break;
                case string text: attribute.String(4, text).Int(20, 3); break;
                case float[] floats:
                    foreach (float f in floats) attribute.Float(7, f);
                    attribute.Int(20, 6);
                    break;
                case long[] ints:
                    foreach (long i in ints) attribute.Int(8, i);
                    attribute.Int(20, 7);
                    break;
                case string[] texts:
                    foreach (string text in texts) attribute.String(9, text);
                    attribute.Int(20, 8);
                    break;
                default: throw new ArgumentException($"attribute {name} has an unsupported type");
            }
            node.Message(5, attribute);
        }
        if (domain.Length > 0) node.String(7, domain);
        _nodes.Add(node);
        return names;
    }

    /// <summary>Renames a node output to a graph output name by an Identity node.</summary>
    public void Rename(string from, string to)
    {
        var node = new ProtoWriter().String(1, from).String(2, to).String(3, Unique("node")).String(4, "Identity");
        _nodes.Add(node);
    }

    public byte[] ToModel()
    {
        var graph = new ProtoWriter();
        foreach (var node in _nodes) graph.Message(1, node);
        graph.String(2, "caviar");
        foreach (var initializer in _initializers) graph.Message(5, initializer);
        foreach (var input in _inputs) graph.Message(11, input);
        foreach (var output in _outputs) graph.Message(12, output);
        var model = new ProtoWriter()
            .Int(1, 8)                                                  // ir_version
            .String(2, "caviar")                                        // producer_name
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Int(2, 13));   // opset_import: ai.onnx 13
        if (_usesMl) model.Message(8, new ProtoWriter().String(1, "ai.onnx.ml").Int(2, 3));
        if (_usesMicrosoft) model.Message(8, new ProtoWriter().String(1, "com.microsoft").Int(2, 1));
        return model.ToArray();
    }

    private static ProtoWriter ValueInfo(string name, OnnxType type, object[] shape)
    {
        var dims = new ProtoWriter();
        foreach (var d in shape)
            dims.Message(1, d is string symbolic ? new ProtoWriter().String(2, symbolic) : new ProtoWriter().Int(1, Convert.ToInt64(d)));
        var tensor = new ProtoWriter().Int(1, (int)type).Message(2, dims);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensor));
    }
}

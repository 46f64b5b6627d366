using System.Globalization;

namespace Caviar.Algorithms.LightGbm;

/// <summary>One tree of a LightGBM text model: LightGBM's own arrays (internal nodes 0…n−2; a child below 0 is leaf ~child).</summary>
public sealed record LightGbmTree(int[] SplitFeature, double[] Threshold, int[] DecisionType, int[] LeftChild, int[] RightChild, double[] LeafValue)
{
    /// <summary>decision_type bit 0: a categorical split.</summary>
    public bool IsCategorical(int node) => (DecisionType[node] & 1) != 0;

    /// <summary>decision_type bit 1: missing values go to the left child (where the feature had missing values).</summary>
    public bool DefaultLeft(int node) => (DecisionType[node] & 2) != 0;

    /// <summary>decision_type bits 2–3: 0 none, 1 zero (zero_as_missing), 2 NaN.</summary>
    public int MissingType(int node) => (DecisionType[node] >> 2) & 3;
}

/// <summary>
/// A LightGBM model in its text format (what <c>LGBM_BoosterSaveModelToString</c> returns and model.txt holds), read
/// into the header fields gbt's ONNX export needs and each tree's arrays. Reading the text is about 10× cheaper than
/// LightGBM's JSON dump of the same model (which gbt used before), and it is the text that is saved anyway.
/// </summary>
public sealed class LightGbmTextModel
{
    public required string Objective { get; init; }
    public required int TreesPerIteration { get; init; }
    public required int Features { get; init; }
    public required IReadOnlyList<LightGbmTree> Trees { get; init; }

    public static LightGbmTextModel Parse(string text)
    {
        var header = new Dictionary<string, string>();
        var trees = new List<LightGbmTree>();
        Dictionary<string, string>? tree = null;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            var line = rawLine.TrimEnd('\r');
            if (line.StartsWith("Tree="))
            {
                if (tree is not null) trees.Add(TreeFrom(tree));
                tree = [];
                continue;
            }
            if (line.SequenceEqual("end of trees")) break;
            int equals = line.IndexOf('=');
            if (equals < 0) continue;
            (tree ?? header)[line[..equals].ToString()] = line[(equals + 1)..].ToString();
        }
        if (tree is not null) trees.Add(TreeFrom(tree));
        string Field(string name) => header.TryGetValue(name, out var value) ? value
            : throw new FormatException($"LightGBM text model has no '{name}' line");
        return new LightGbmTextModel
        {
            Objective = Field("objective"),
            TreesPerIteration = int.Parse(Field("num_tree_per_iteration"), CultureInfo.InvariantCulture),
            Features = int.Parse(Field("max_feature_idx"), CultureInfo.InvariantCulture) + 1,
            Trees = trees,
        };
    }

    private static LightGbmTree TreeFrom(Dictionary<string, string> fields)
    {
        string Field(string name) => fields.TryGetValue(name, out var value) ? value
            : throw new FormatException($"LightGBM text model tree has no '{name}' line");
        int leaves = int.Parse(Field("num_leaves"), CultureInfo.InvariantCulture);
        var leafValue = Doubles(Field("leaf_value"));
        if (leafValue.Length != leaves) throw new FormatException($"a tree of {leaves} leaves lists {leafValue.Length} leaf values");
        if (leaves == 1) return new LightGbmTree([], [], [], [], [], leafValue);
        return new LightGbmTree(Ints(Field("split_feature")), Doubles(Field("threshold")), Ints(Field("decision_type")),
            Ints(Field("left_child")), Ints(Field("right_child")), leafValue);
    }

    private static int[] Ints(string values) =>
        values.Length == 0 ? [] : Array.ConvertAll(values.Split(' ', StringSplitOptions.RemoveEmptyEntries), v => int.Parse(v, CultureInfo.InvariantCulture));

    private static double[] Doubles(string values) =>
        values.Length == 0 ? [] : Array.ConvertAll(values.Split(' ', StringSplitOptions.RemoveEmptyEntries), Double);

    /// <summary>A number as LightGBM prints it (C's printf: <c>inf</c>, <c>-inf</c>, <c>nan</c> for the special values).</summary>
    private static double Double(string value) => value switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "-nan" => double.NaN,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };
}

using Caviar.Algorithms.Onnx;

namespace Caviar.Algorithms.LightGbm;

/// <summary>
/// Writes a LightGBM model (its text format, <see cref="LightGbmTextModel"/>) as an ONNX graph: one ai.onnx.ml TreeEnsembleRegressor for the raw scores
/// (one target per tree of an iteration), then what LightGBM's objective does to them. Input <c>Features</c>
/// (float, batch × features). Outputs: regression <c>score</c> (batch × 1); classification <c>probabilities</c>
/// (batch × classes; binary is [1 − p, p] from the sigmoid, multiclass the softmax) and <c>label</c> (int64, the
/// class value of the highest probability).
/// <para>TreeEnsembleClassifier is not used: for two classes ONNX Runtime decides the label by the sign of the score or
/// by 0.5 depending on whether every leaf weight is positive, which a sigmoid on the raw score makes exact.</para>
/// <para>Splits are LightGBM's <c>x ≤ threshold</c> in double; the ONNX threshold is the largest float not above it,
/// which decides every float input the same way. A NaN input follows LightGBM: to the default side where the
/// feature had missing values in training, else as 0. Scores are summed in float by ONNX Runtime, so they agree
/// with LightGBM's double sums to about 1e-6.</para>
/// </summary>
public static class LightGbmOnnxExport
{
    public const string Input = "Features";

    /// <summary>The ONNX model; <paramref name="classLabels"/> are the class values (by LightGBM class index) for classifiers.</summary>
    public static byte[] Export(string modelText, long[]? classLabels = null) => Export(LightGbmTextModel.Parse(modelText), classLabels);

    /// <summary>The ONNX model; <paramref name="classLabels"/> are the class values (by LightGBM class index) for classifiers.</summary>
    public static byte[] Export(LightGbmTextModel model, long[]? classLabels = null)
    {
        string objective = model.Objective;
        int treesPerIteration = model.TreesPerIteration;
        int features = model.Features;
        double sigmoid = objective.StartsWith("binary", StringComparison.Ordinal) ? ObjectiveParameter(objective, "sigmoid", 1) : 1;
        if (!(objective.StartsWith("binary", StringComparison.Ordinal) || objective.StartsWith("multiclass", StringComparison.Ordinal)
              || objective.StartsWith("regression", StringComparison.Ordinal) && !objective.Contains("sqrt", StringComparison.Ordinal)))
            throw new NotSupportedException($"LightGBM objective '{objective}' has no ONNX export here");

        var ensemble = new EnsembleAttributes();
        for (int tree = 0; tree < model.Trees.Count; tree++)
            ensemble.AddTree(tree, tree % treesPerIteration, model.Trees[tree], sigmoid);

        var graph = new OnnxGraph();
        graph.Input(Input, OnnxType.Float, "batch", (long)features);
        string raw = graph.MlNode("TreeEnsembleRegressor", [Input], 1, ensemble.Attributes(treesPerIteration))[0];
        if (objective.StartsWith("regression", StringComparison.Ordinal))
        {
            graph.Rename(raw, "score");
            graph.Output("score", OnnxType.Float, "batch", 1L);
            return graph.ToModel();
        }

        string probabilities;
        if (treesPerIteration == 1)
        {
            string p = graph.Node("Sigmoid", [raw])[0];
            string q = graph.Node("Sub", [graph.Floats("one", [1], [1f]), p])[0];
            probabilities = graph.Node("Concat", [q, p], 1, ("axis", 1L))[0];
        }
        else probabilities = graph.Node("Softmax", [raw], 1, ("axis", 1L))[0];
        long classes = treesPerIteration == 1 ? 2 : treesPerIteration;
        var labels = classLabels ?? Enumerable.Range(0, (int)classes).Select(c => (long)c).ToArray();
        if (labels.Length != classes) throw new ArgumentException($"{labels.Length} class labels for a model of {classes} classes");
        string best = graph.Node("ArgMax", [probabilities], 1, ("axis", 1L), ("keepdims", 0L))[0];
        string labelTable = graph.Initializer("class_labels", OnnxType.Int64, [classes], labels.SelectMany(BitConverter.GetBytes).ToArray());
        graph.Rename(graph.Node("Gather", [labelTable, best], 1, ("axis", 0L))[0], "label");
        graph.Rename(probabilities, "probabilities");
        graph.Output("label", OnnxType.Int64, "batch");
        graph.Output("probabilities", OnnxType.Float, "batch", classes);
        return graph.ToModel();
    }

    /// <summary>A "name:value" token of LightGBM's objective string, e.g. sigmoid:1 in "binary sigmoid:1".</summary>
    private static double ObjectiveParameter(string objective, string name, double fallback) =>
        objective.Split(' ').Where(t => t.StartsWith(name + ":", StringComparison.Ordinal))
            .Select(t => double.Parse(t[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(fallback).First();

    /// <summary>The TreeEnsembleRegressor attribute lists, filled tree by tree (nodes numbered in pre-order).</summary>
    private sealed class EnsembleAttributes
    {
        private readonly List<long> _treeIds = [], _nodeIds = [], _featureIds = [], _trueIds = [], _falseIds = [], _missingTrue = [];
        private readonly List<string> _modes = [];
        private readonly List<float> _values = [];
        private readonly List<long> _targetTrees = [], _targetNodes = [], _targetIds = [];
        private readonly List<float> _targetWeights = [];

        public void AddTree(int tree, int target, LightGbmTree lightGbm, double scale)
        {
            int next = 0;
            Add(lightGbm.LeafValue.Length == 1 ? ~0 : 0);

            // LightGBM's node index: internal node n ≥ 0, leaf ~n; ONNX nodes are numbered in pre-order.
            long Add(int node)
            {
                long id = next++;
                int slot = _nodeIds.Count;
                _treeIds.Add(tree);
                _nodeIds.Add(id);
                if (node < 0)
                {
                    _featureIds.Add(0); _modes.Add("LEAF"); _values.Add(0); _trueIds.Add(0); _falseIds.Add(0); _missingTrue.Add(0);
                    _targetTrees.Add(tree); _targetNodes.Add(id); _targetIds.Add(target);
                    _targetWeights.Add((float)(lightGbm.LeafValue[~node] * scale));
                    return id;
                }
                if (lightGbm.IsCategorical(node))
                    throw new NotSupportedException("categorical splits have no ONNX export here");
                double threshold = lightGbm.Threshold[node];
                bool missingGoesLeft = lightGbm.MissingType(node) switch
                {
                    2 => lightGbm.DefaultLeft(node),   // NaN
                    0 => 0 <= threshold,               // LightGBM reads NaN as 0 for a feature without missing values in training
                    _ => throw new NotSupportedException("missing type 'Zero' (zero_as_missing) has no ONNX export here"),
                };
                _featureIds.Add(lightGbm.SplitFeature[node]);
                _modes.Add("BRANCH_LEQ");
                _values.Add(FloatAtOrBelow(threshold));
                _missingTrue.Add(missingGoesLeft ? 1 : 0);
                _trueIds.Add(0);
                _falseIds.Add(0);
                _trueIds[slot] = Add(lightGbm.LeftChild[node]);
                _falseIds[slot] = Add(lightGbm.RightChild[node]);
                return id;
            }
        }

        /// <summary>The largest float ≤ t: for every float x, x ≤ t exactly when x ≤ this.</summary>
        private static float FloatAtOrBelow(double t)
        {
            float f = (float)t;
            return f > t ? MathF.BitDecrement(f) : f;
        }

        public (string, object)[] Attributes(int targets) =>
        [
            ("n_targets", (long)targets),
            ("aggregate_function", "SUM"),
            ("post_transform", "NONE"),
            ("nodes_treeids", _treeIds.ToArray()),
            ("nodes_nodeids", _nodeIds.ToArray()),
            ("nodes_featureids", _featureIds.ToArray()),
            ("nodes_modes", _modes.ToArray()),
            ("nodes_values", _values.ToArray()),
            ("nodes_truenodeids", _trueIds.ToArray()),
            ("nodes_falsenodeids", _falseIds.ToArray()),
            ("nodes_missing_value_tracks_true", _missingTrue.ToArray()),
            ("target_treeids", _targetTrees.ToArray()),
            ("target_nodeids", _targetNodes.ToArray()),
            ("target_ids", _targetIds.ToArray()),
            ("target_weights", _targetWeights.ToArray()),
        ];
    }
}

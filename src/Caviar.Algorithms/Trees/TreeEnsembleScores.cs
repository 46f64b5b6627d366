using Microsoft.ML.Trainers.FastTree;

namespace Caviar.Algorithms.Trees;

/// <summary>
/// Walks a trained tree ensemble (LightGBM or FastTree, numerical splits) to get every example's raw score after
/// each boosting iteration: the exact prediction of the first k trees, for a per-iteration validation metric.
/// Each tree is copied once into flat arrays, since ML.NET exposes its nodes through read-only list interfaces
/// (an interface call per node visited made this pass a quarter of gbt's training time).
/// </summary>
public static class TreeEnsembleScores
{
    /// <summary>scores[k][i]: raw score of example i using trees 0..k.</summary>
    public static double[][] Cumulative(TreeEnsemble<RegressionTree> ensemble, float[][] features)
    {
        var scores = new double[ensemble.Trees.Count][];
        var running = Enumerable.Repeat(ensemble.Bias, features.Length).ToArray();
        for (int k = 0; k < ensemble.Trees.Count; k++)
        {
            var tree = new FlatTree(ensemble.Trees[k]);
            double weight = ensemble.TreeWeights[k];
            for (int i = 0; i < features.Length; i++) running[i] += weight * tree.Leaf(features[i]);
            scores[k] = (double[])running.Clone();
        }
        return scores;
    }

    /// <summary>One regression tree as arrays: node n splits on feature[n] at threshold[n]; a negative child ~c is leaf c.</summary>
    private sealed class FlatTree(RegressionTree tree)
    {
        private readonly int[] _feature = [.. tree.NumericalSplitFeatureIndexes];
        private readonly float[] _threshold = [.. tree.NumericalSplitThresholds];
        private readonly int[] _left = [.. tree.LeftChild];
        private readonly int[] _right = [.. tree.RightChild];
        private readonly double[] _leafValue = [.. tree.LeafValues];

        public double Leaf(float[] x)
        {
            if (_leafValue.Length == 1) return _leafValue[0];
            int node = 0;
            while (node >= 0) node = x[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
            return _leafValue[~node];
        }
    }
}

using Microsoft.ML.Trainers.FastTree;

namespace Caviar.Algorithms.Trees;

/// <summary>
/// Walks a trained tree ensemble (LightGBM or FastTree, numerical splits) to get every example's raw score after
/// each boosting iteration: the exact prediction of the first k trees, for a per-iteration validation metric.
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
            var tree = ensemble.Trees[k];
            double weight = ensemble.TreeWeights[k];
            for (int i = 0; i < features.Length; i++) running[i] += weight * Leaf(tree, features[i]);
            scores[k] = (double[])running.Clone();
        }
        return scores;
    }

    private static double Leaf(RegressionTree tree, float[] x)
    {
        if (tree.NumberOfLeaves == 1) return tree.LeafValues[0];
        int node = 0;
        while (node >= 0)
            node = x[tree.NumericalSplitFeatureIndexes[node]] <= tree.NumericalSplitThresholds[node]
                ? tree.LeftChild[node] : tree.RightChild[node];
        return tree.LeafValues[~node];
    }
}

namespace Caviar.Algorithms.Data;

/// <summary>
/// The mlp's standardisation of table (CSV/Parquet) features: each feature's mean and standard deviation over the
/// training examples only (a constant feature gets scale 1, as scikit-learn's StandardScaler does), applied as
/// <c>(x − mean) / scale</c> in single precision to training, validation and test examples alike. A model records it
/// (<see cref="Caviar.Algorithms.Neural.NeuralModel.Standardisation"/>) and its ONNX export begins with the same two
/// operations, so served and transformed models take raw features.
/// </summary>
public sealed record FeatureStandardisation(float[] Means, float[] Scales)
{
    public static FeatureStandardisation Fit(LabeledExamples training)
    {
        int features = training.Features;
        var sums = new double[features];
        var squares = new double[features];
        for (int row = 0; row < training.Count; row++)
            for (int f = 0; f < features; f++)
                sums[f] += training.Values[(long)row * features + f];
        var means = sums.Select(s => s / Math.Max(training.Count, 1)).ToArray();
        for (int row = 0; row < training.Count; row++)
            for (int f = 0; f < features; f++)
            {
                double d = training.Values[(long)row * features + f] - means[f];
                squares[f] += d * d;
            }
        var scales = squares.Select(s => Math.Sqrt(s / Math.Max(training.Count, 1))).Select(s => s > 0 ? (float)s : 1f).ToArray();
        return new FeatureStandardisation(means.Select(m => (float)m).ToArray(), scales);
    }

    /// <summary>Standardised copies of row-major values (any number of rows of this width).</summary>
    public float[] Apply(float[] values)
    {
        int features = Means.Length;
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = (values[i] - Means[i % features]) / Scales[i % features];
        return result;
    }

    public LabeledExamples Apply(LabeledExamples examples) => examples with { Values = Apply(examples.Values) };

    /// <summary>
    /// Fitted on <paramref name="training"/> when its examples are table rows (no image shape), else null: images are
    /// already scaled to [0, 1] and left as they are.
    /// </summary>
    public static FeatureStandardisation? ForTable(LabeledExamples training) => training.ImageShape is null ? Fit(training) : null;
}

namespace Caviar.Examples.LinearJob;

/// <summary>Linear regression state trained by mini-batch SGD with momentum; also the checkpoint's content.</summary>
public sealed record LinearModel(int Epoch, double[] Weights, double Bias, double[] Velocity)
{
    public static LinearModel Zero(int features) => new(0, new double[features], 0, new double[features + 1]);

    public double Predict(double[] x)
    {
        double sum = Bias;
        for (int j = 0; j < Weights.Length; j++) sum += Weights[j] * x[j];
        return sum;
    }

    public double MeanSquaredError(IReadOnlyList<(double[] X, double Y)> data) =>
        data.Sum(row => Math.Pow(Predict(row.X) - row.Y, 2)) / data.Count;

    /// <summary>One epoch; the batch order comes from (seed, epoch) only, so a resumed run repeats it exactly.</summary>
    public LinearModel TrainEpoch(IReadOnlyList<(double[] X, double Y)> data, HyperParameters hp, int epoch)
    {
        var order = Enumerable.Range(0, data.Count).ToArray();
        new Random(hp.Seed * 1000003 + epoch).Shuffle(order);
        var weights = (double[])Weights.Clone();
        var velocity = (double[])Velocity.Clone();
        double bias = Bias;
        int k = weights.Length;
        for (int start = 0; start < order.Length; start += hp.BatchSize)
        {
            var batch = order.Skip(start).Take(hp.BatchSize).ToArray();
            var gradient = new double[k + 1];
            foreach (int i in batch)
            {
                var (x, y) = data[i];
                double error = bias - y;
                for (int j = 0; j < k; j++) error += weights[j] * x[j];
                for (int j = 0; j < k; j++) gradient[j] += 2 * error * x[j] / batch.Length;
                gradient[k] += 2 * error / batch.Length;
            }
            for (int j = 0; j < k; j++) gradient[j] += 2 * hp.L2 * weights[j];
            for (int j = 0; j <= k; j++) velocity[j] = hp.Momentum * velocity[j] + gradient[j];
            for (int j = 0; j < k; j++) weights[j] -= hp.Lr * velocity[j];
            bias -= hp.Lr * velocity[k];
        }
        return new LinearModel(epoch, weights, bias, velocity);
    }
}

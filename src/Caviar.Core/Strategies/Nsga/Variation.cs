namespace Caviar.Strategies.Nsga;

/// <summary>
/// NSGA-II's variation operators on unit-cube coordinates (Deb's bounded forms, as in pymoo): simulated binary
/// crossover and polynomial mutation for numeric coordinates (integers are rounded when mapped back), and for a
/// categorical coordinate (a choice index) uniform crossover and a uniformly random new choice.
/// </summary>
internal static class Variation
{
    /// <summary>One child of <paramref name="a"/> and <paramref name="b"/>: each coordinate crosses with chance 1/2.</summary>
    public static double[] Crossover(double[] a, double[] b, int[] choices, double eta, Random random)
    {
        var child = new double[a.Length];
        for (int d = 0; d < a.Length; d++)
        {
            if (choices[d] > 0)
            {
                child[d] = random.NextDouble() < 0.5 ? a[d] : b[d];
                continue;
            }
            double c1 = a[d], c2 = b[d];
            if (random.NextDouble() < 0.5 && Math.Abs(a[d] - b[d]) > 1e-14)
                (c1, c2) = Sbx(Math.Min(a[d], b[d]), Math.Max(a[d], b[d]), eta, random);
            child[d] = Math.Clamp(random.NextDouble() < 0.5 ? c1 : c2, 0, 1);
        }
        return child;
    }

    /// <summary>Bounded simulated binary crossover of y1 &lt; y2 within [0, 1].</summary>
    private static (double, double) Sbx(double y1, double y2, double eta, Random random)
    {
        double u = random.NextDouble();
        double span = y2 - y1;
        double Spread(double beta)
        {
            double alpha = 2 - Math.Pow(beta, -(eta + 1));
            return u <= 1 / alpha
                ? Math.Pow(u * alpha, 1 / (eta + 1))
                : Math.Pow(1 / (2 - u * alpha), 1 / (eta + 1));
        }
        double c1 = 0.5 * (y1 + y2 - Spread(1 + 2 * y1 / span) * span);
        double c2 = 0.5 * (y1 + y2 + Spread(1 + 2 * (1 - y2) / span) * span);
        return (c1, c2);
    }

    /// <summary>Mutates each coordinate with chance <paramref name="probability"/>, in place.</summary>
    public static void Mutate(double[] x, int[] choices, double probability, double eta, Random random)
    {
        for (int d = 0; d < x.Length; d++)
        {
            if (random.NextDouble() >= probability) continue;
            if (choices[d] > 0)
            {
                x[d] = random.Next(choices[d]);
                continue;
            }
            double y = x[d], u = random.NextDouble(), power = 1 / (eta + 1), delta;
            if (u < 0.5)
            {
                double value = 2 * u + (1 - 2 * u) * Math.Pow(1 - y, eta + 1);
                delta = Math.Pow(value, power) - 1;
            }
            else
            {
                double value = 2 * (1 - u) + 2 * (u - 0.5) * Math.Pow(y, eta + 1);
                delta = 1 - Math.Pow(value, power);
            }
            x[d] = Math.Clamp(y + delta, 0, 1);
        }
    }
}

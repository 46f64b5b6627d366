using System.Globalization;
using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.TestFunctions;

/// <summary>
/// A standard multi-objective test problem: its space, objectives (all minimised), the reference point its
/// hypervolume is measured against, and its constraints (each satisfied when ≤ 0), if any.
/// </summary>
public sealed record MultiObjectiveFunction(string Name, SearchSpace Space, double[] Reference,
    Func<double[], double[]> Objectives, Func<double[], double[]>? Constraints = null)
{
    public IReadOnlyList<ObjectiveDirection> Directions =>
        Enumerable.Repeat(ObjectiveDirection.Minimize, Reference.Length).ToArray();

    /// <summary>The point's coordinates from named parameter values (x1, x2, …).</summary>
    public double[] Point(IReadOnlyDictionary<string, object> values) =>
        Space.Ranges.Select(r => Convert.ToDouble(values[r.Name], CultureInfo.InvariantCulture)).ToArray();
}

/// <summary>
/// ZDT1–3 (Zitzler, Deb, Thiele 2000), DTLZ2 (Deb et al. 2002) and Binh–Korn with its constraints; ZDT4 and ZDT6
/// are held out (not used to choose any default), to check choices made on the others.
/// </summary>
public static class MultiObjectiveFunctions
{
    public static readonly MultiObjectiveFunction Zdt1 = new("zdt1", StandardFunction.Box(6, 0, 1), [1.1, 6.0],
        x => Zdt(x, (f1, g) => 1 - Math.Sqrt(f1 / g)));

    public static readonly MultiObjectiveFunction Zdt2 = new("zdt2", StandardFunction.Box(6, 0, 1), [1.1, 6.0],
        x => Zdt(x, (f1, g) => 1 - (f1 / g) * (f1 / g)));

    public static readonly MultiObjectiveFunction Zdt3 = new("zdt3", StandardFunction.Box(6, 0, 1), [1.1, 6.0],
        x => Zdt(x, (f1, g) => 1 - Math.Sqrt(f1 / g) - f1 / g * Math.Sin(10 * Math.PI * f1)));

    /// <summary>DTLZ2 with 3 objectives and 6 variables (k = 4).</summary>
    public static readonly MultiObjectiveFunction Dtlz2 = new("dtlz2", StandardFunction.Box(6, 0, 1), [1.5, 1.5, 1.5], x =>
    {
        double g = 0;
        for (int i = 2; i < x.Length; i++) g += (x[i] - 0.5) * (x[i] - 0.5);
        double a = x[0] * Math.PI / 2, b = x[1] * Math.PI / 2;
        return [(1 + g) * Math.Cos(a) * Math.Cos(b), (1 + g) * Math.Cos(a) * Math.Sin(b), (1 + g) * Math.Sin(a)];
    });

    /// <summary>Binh–Korn: two objectives on x ∈ [0, 5], y ∈ [0, 3], with two constraints.</summary>
    public static readonly MultiObjectiveFunction BinhKorn = new("binh-korn",
        new SearchSpace([new ContinuousRange("x1", 0, 5, ScalingType.Linear), new ContinuousRange("x2", 0, 3, ScalingType.Linear)]),
        [140, 50],
        x => [4 * x[0] * x[0] + 4 * x[1] * x[1], (x[0] - 5) * (x[0] - 5) + (x[1] - 5) * (x[1] - 5)],
        x => [(x[0] - 5) * (x[0] - 5) + x[1] * x[1] - 25, 7.7 - (x[0] - 8) * (x[0] - 8) - (x[1] + 3) * (x[1] + 3)]);

    /// <summary>
    /// ZDT4 with 6 variables: x1 ∈ [0, 1], the others ∈ [−5, 5]; g is Rastrigin-like (21⁵ local fronts). Held out; its
    /// reference point (1.1, 150) is above the median random point's second objective (about 90).
    /// </summary>
    public static readonly MultiObjectiveFunction Zdt4 = new("zdt4",
        new SearchSpace([new ContinuousRange("x1", 0, 1, ScalingType.Linear),
            .. Enumerable.Range(2, 5).Select(i => new ContinuousRange($"x{i}", -5, 5, ScalingType.Linear))]),
        [1.1, 150.0], x =>
        {
            double g = 1 + 10 * (x.Length - 1);
            for (int i = 1; i < x.Length; i++) g += x[i] * x[i] - 10 * Math.Cos(4 * Math.PI * x[i]);
            return [x[0], g * (1 - Math.Sqrt(x[0] / g))];
        });

    /// <summary>ZDT6 with 6 variables: a non-uniform, biased front (f1 = 1 − e^(−4 x1) sin⁶(6π x1)). Held out.</summary>
    public static readonly MultiObjectiveFunction Zdt6 = new("zdt6", StandardFunction.Box(6, 0, 1), [1.1, 10.0], x =>
    {
        double f1 = 1 - Math.Exp(-4 * x[0]) * Math.Pow(Math.Sin(6 * Math.PI * x[0]), 6);
        double sum = 0;
        for (int i = 1; i < x.Length; i++) sum += x[i];
        double g = 1 + 9 * Math.Pow(sum / (x.Length - 1), 0.25);
        return [f1, g * (1 - (f1 / g) * (f1 / g))];
    });

    public static IReadOnlyList<MultiObjectiveFunction> All { get; } = [Zdt1, Zdt2, Zdt3, Dtlz2, BinhKorn, Zdt4, Zdt6];

    private static double[] Zdt(double[] x, Func<double, double, double> h)
    {
        double sum = 0;
        for (int i = 1; i < x.Length; i++) sum += x[i];
        double g = 1 + 9 * sum / (x.Length - 1);
        return [x[0], g * h(x[0], g)];
    }
}

using Caviar.SearchSpaces;
using Caviar.Validation;

namespace Caviar.TestFunctions;

/// <summary>The functions the demo and the benchmark use, by name (definitions as in Surjanovic &amp; Bingham's library).</summary>
public static class StandardFunctions
{
    public static readonly StandardFunction Branin = new("branin",
        new SearchSpace([new ContinuousRange("x1", -5, 10, ScalingType.Linear),
                         new ContinuousRange("x2", 0, 15, ScalingType.Linear)]),
        0.397887357729739, x =>
        {
            const double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
            double u = x[1] - b * x[0] * x[0] + c * x[0] - 6;
            return u * u + 10 * (1 - t) * Math.Cos(x[0]) + 10;
        });

    public static readonly StandardFunction Hartmann6 = new("hartmann6", StandardFunction.Box(6, 0, 1),
        -3.32236801141551, Hartmann6Function.Evaluate);

    public static readonly StandardFunction Rosenbrock4 = Rosenbrock(4);
    public static readonly StandardFunction Ackley5 = Ackley(5);
    public static readonly StandardFunction Levy4 = Levy(4);
    public static readonly StandardFunction StyblinskiTang4 = StyblinskiTang(4);

    /// <summary>Rosenbrock's valley on [−5, 10]^n (minimum 0 at (1, …, 1)).</summary>
    public static StandardFunction Rosenbrock(int dimensions) => new($"rosenbrock{dimensions}",
        StandardFunction.Box(dimensions, -5, 10), 0, x =>
        {
            double sum = 0;
            for (int i = 0; i < x.Length - 1; i++)
                sum += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(x[i] - 1, 2);
            return sum;
        });

    /// <summary>Ackley's function on [−32.768, 32.768]^n (minimum 0 at the origin).</summary>
    public static StandardFunction Ackley(int dimensions) => new($"ackley{dimensions}",
        StandardFunction.Box(dimensions, -32.768, 32.768), 0, x =>
        {
            double squares = x.Sum(v => v * v) / x.Length, cosines = x.Sum(v => Math.Cos(2 * Math.PI * v)) / x.Length;
            return -20 * Math.Exp(-0.2 * Math.Sqrt(squares)) - Math.Exp(cosines) + 20 + Math.E;
        });

    /// <summary>Levy's function on [−10, 10]^n (minimum 0 at (1, …, 1)).</summary>
    public static StandardFunction Levy(int dimensions) => new($"levy{dimensions}",
        StandardFunction.Box(dimensions, -10, 10), 0, x =>
        {
            double W(int i) => 1 + (x[i] - 1) / 4;
            int last = x.Length - 1;
            double sum = Math.Pow(Math.Sin(Math.PI * W(0)), 2);
            for (int i = 0; i < last; i++)
                sum += Math.Pow(W(i) - 1, 2) * (1 + 10 * Math.Pow(Math.Sin(Math.PI * W(i) + 1), 2));
            return sum + Math.Pow(W(last) - 1, 2) * (1 + Math.Pow(Math.Sin(2 * Math.PI * W(last)), 2));
        });

    /// <summary>The Styblinski–Tang function on [−5, 5]^n (minimum −39.16617·n at (−2.903534, …)).</summary>
    public static StandardFunction StyblinskiTang(int dimensions) => new($"styblinski-tang{dimensions}",
        StandardFunction.Box(dimensions, -5, 5), -39.16616570377142 * dimensions,
        x => x.Sum(v => v * v * v * v - 16 * v * v + 5 * v) / 2);

    public static IReadOnlyList<StandardFunction> All { get; } =
        [Branin, Hartmann6, Rosenbrock4, Ackley5, Levy4, StyblinskiTang4,
         Rosenbrock(10), Ackley(10), Levy(10), StyblinskiTang(10)];

    public static StandardFunction Get(string name, string field = "function") =>
        All.FirstOrDefault(f => f.Name == name) ?? throw new CaviarValidationException(field,
            $"unknown function '{name}'; known: {string.Join(", ", All.Select(f => f.Name))}");
}

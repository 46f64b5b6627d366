using Caviar.Numerics;

namespace Caviar.Strategies.CmaEs;

/// <summary>
/// One CMA-ES run in the unit cube: mean, step size σ, covariance C = B·D²·Bᵀ and the two evolution paths, updated
/// from each generation's λ evaluated points (Hansen's tutorial, arXiv:1604.00772, with active weights). A point is
/// learnt from as it was evaluated, not as it was sampled, so points drawn from an earlier state (parallel trials,
/// integer rounding, warm start) are welcome; their Mahalanobis step is clipped as for injected solutions (Hansen 2011).
/// </summary>
internal sealed class CmaEsState
{
    private readonly CmaEsParameters _p;
    private readonly double _initialSigma;
    private double[,] _c, _b;
    private double[] _d;
    private readonly double[] _pc, _ps;
    private readonly List<double> _bestPerGeneration = [];
    private double[] _lastValues = [];

    public CmaEsState(double[] mean, double sigma, int lambda)
    {
        int n = mean.Length;
        _p = new CmaEsParameters(n, lambda);
        Mean = (double[])mean.Clone();
        Sigma = _initialSigma = sigma;
        _c = Identity(n);
        _b = Identity(n);
        _d = Enumerable.Repeat(1.0, n).ToArray();
        _pc = new double[n];
        _ps = new double[n];
    }

    public double[] Mean { get; }
    public double Sigma { get; private set; }
    public int Lambda => _p.Lambda;
    public int Generation { get; private set; }
    private int N => _p.Dimensions;

    /// <summary>A point x = m + σ·B·D·z, z ~ N(0, I), drawn again while outside the unit cube, clipped after that.</summary>
    public double[] Sample(Random random, int maxResamples)
    {
        double[] x = Draw(random);
        for (int attempt = 0; attempt < maxResamples && !InCube(x); attempt++) x = Draw(random);
        for (int i = 0; i < x.Length; i++) x[i] = Math.Clamp(x[i], 0, 1);
        return x;
    }

    private double[] Draw(Random random)
    {
        var scaled = new double[N];
        for (int j = 0; j < N; j++) scaled[j] = _d[j] * Gaussian(random);
        var x = new double[N];
        for (int i = 0; i < N; i++)
        {
            double sum = 0;
            for (int j = 0; j < N; j++) sum += _b[i, j] * scaled[j];
            x[i] = Mean[i] + Sigma * sum;
        }
        return x;
    }

    /// <summary>One generation's update from exactly λ evaluated points (x in the unit cube, loss).</summary>
    public void Tell(IReadOnlyList<(double[] X, double Loss)> solutions)
    {
        if (solutions.Count != Lambda) throw new ArgumentException($"a generation has {Lambda} points, not {solutions.Count}");
        int n = N;
        var sorted = solutions.OrderBy(s => s.Loss).ToArray();
        double clip = Math.Sqrt(n) + 2.0 * n / (n + 2);
        var ys = new double[Lambda][];
        var mahalanobis = new double[Lambda];
        for (int k = 0; k < Lambda; k++)
        {
            var y = sorted[k].X.Select((v, i) => (v - Mean[i]) / Sigma).ToArray();
            double norm = Norm(InverseSqrtTimes(y));
            if (norm > clip)
            {
                for (int i = 0; i < n; i++) y[i] *= clip / norm;
                norm = clip;
            }
            ys[k] = y;
            mahalanobis[k] = norm;
        }

        var yw = new double[n];
        for (int k = 0; k < _p.Mu; k++)
            for (int i = 0; i < n; i++) yw[i] += _p.Weights[k] * ys[k][i];
        for (int i = 0; i < n; i++) Mean[i] += Sigma * yw[i];

        var whitened = InverseSqrtTimes(yw);
        double psScale = Math.Sqrt(_p.CSigma * (2 - _p.CSigma) * _p.MuEff);
        for (int i = 0; i < n; i++) _ps[i] = (1 - _p.CSigma) * _ps[i] + psScale * whitened[i];
        double psNorm = Norm(_ps);
        Sigma *= Math.Exp(_p.CSigma / _p.DSigma * (psNorm / _p.ExpectedNorm - 1));

        double correction = Math.Sqrt(1 - Math.Pow(1 - _p.CSigma, 2 * (Generation + 1)));
        bool hSigma = psNorm / correction < (1.4 + 2.0 / (n + 1)) * _p.ExpectedNorm;
        double pcScale = Math.Sqrt(_p.Cc * (2 - _p.Cc) * _p.MuEff);
        for (int i = 0; i < n; i++) _pc[i] = (1 - _p.Cc) * _pc[i] + (hSigma ? pcScale * yw[i] : 0);

        double delta = hSigma ? 0 : _p.Cc * (2 - _p.Cc);
        double decay = 1 + _p.C1 * delta - _p.C1 - _p.CMu * _p.Weights.Sum();
        var c = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double value = decay * _c[i, j] + _p.C1 * _pc[i] * _pc[j];
                for (int k = 0; k < Lambda; k++)
                {
                    double w = _p.Weights[k];
                    if (w < 0) w *= n / Math.Max(mahalanobis[k] * mahalanobis[k], 1e-20);
                    value += _p.CMu * w * ys[k][i] * ys[k][j];
                }
                c[i, j] = c[j, i] = value;
            }
        _c = c;
        Decompose();

        Generation++;
        _lastValues = sorted.Select(s => s.Loss).ToArray();
        _bestPerGeneration.Add(_lastValues[0]);
    }

    /// <summary>Whether this run has converged, gone flat or degenerated, so that a restart serves better.</summary>
    public bool ShouldStop(double tolX, double tolFun)
    {
        if (Generation == 0) return false;
        int window = 10 + (int)Math.Ceiling(30.0 * N / Lambda);
        if (_bestPerGeneration.Count >= window)
        {
            var recent = _bestPerGeneration.Skip(_bestPerGeneration.Count - window).ToArray();
            if (recent.Max() - recent.Min() < tolFun && _lastValues.Max() - _lastValues.Min() < tolFun) return true;
        }
        bool small = true;
        for (int i = 0; i < N && small; i++)
            small = Sigma * Math.Sqrt(_c[i, i]) < tolX && Sigma * Math.Abs(_pc[i]) < tolX;
        if (small) return true;
        double maxD = _d.Max(), minD = _d.Min();
        if (maxD * maxD > 1e14 * minD * minD) return true;
        return Sigma * maxD > 1e4 * _initialSigma;
    }

    private void Decompose()
    {
        var (values, vectors) = SymmetricEigen.Decompose(_c);
        _b = vectors;
        _d = values.Select(v => Math.Sqrt(Math.Max(v, 1e-20))).ToArray();
    }

    /// <summary>C^(−1/2)·v = B·D⁻¹·Bᵀ·v.</summary>
    private double[] InverseSqrtTimes(double[] v)
    {
        var projected = new double[N];
        for (int j = 0; j < N; j++)
        {
            double sum = 0;
            for (int i = 0; i < N; i++) sum += _b[i, j] * v[i];
            projected[j] = sum / _d[j];
        }
        var result = new double[N];
        for (int i = 0; i < N; i++)
        {
            double sum = 0;
            for (int j = 0; j < N; j++) sum += _b[i, j] * projected[j];
            result[i] = sum;
        }
        return result;
    }

    private static bool InCube(double[] x) => x.All(v => v is >= 0 and <= 1);

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++) m[i, i] = 1;
        return m;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}

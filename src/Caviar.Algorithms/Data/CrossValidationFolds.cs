namespace Caviar.Algorithms.Data;

/// <summary>
/// k-fold cross-validation of example indices, seeded: for classification (labels given) stratified, in the manner
/// of scikit-learn's StratifiedKFold(shuffle=True) though not with its permutation — each class's examples are
/// shuffled and dealt in turn over the folds, so every fold holds each class in about its share and the folds differ
/// in size by at most one; for
/// regression (no labels) the examples are shuffled and dealt the same way. Fold i validates on
/// <see cref="Validation"/>[i] and trains on every other example (<see cref="Training"/>), in index order.
/// </summary>
public sealed class CrossValidationFolds
{
    private readonly int[] _foldOf;

    private CrossValidationFolds(int[] foldOf, int count)
    {
        _foldOf = foldOf;
        Count = count;
        Validation = Enumerable.Range(0, count).Select(f => Enumerable.Range(0, foldOf.Length).Where(i => foldOf[i] == f).ToArray()).ToArray();
    }

    /// <summary>How many folds.</summary>
    public int Count { get; }

    /// <summary>The examples each fold validates on, in index order.</summary>
    public IReadOnlyList<int[]> Validation { get; }

    /// <summary>The examples fold <paramref name="fold"/> trains on: all but its validation examples, in index order.</summary>
    public int[] Training(int fold) => Enumerable.Range(0, _foldOf.Length).Where(i => _foldOf[i] != fold).ToArray();

    /// <summary>The mean of each metric over the folds' values (every fold reports the same metrics), in the first fold's order.</summary>
    public static Dictionary<string, double> Mean(IReadOnlyList<IReadOnlyDictionary<string, double>> folds) =>
        folds[0].Keys.ToDictionary(name => name, name => folds.Average(fold => fold[name]));

    /// <summary>
    /// The folds of a built-in algorithm's <c>cross_validation_folds</c> over the train channel's rows; more folds than
    /// rows is refused naming that hyperparameter.
    /// </summary>
    public static CrossValidationFolds OfTrainChannel(int rows, int folds, int seed, IReadOnlyList<double>? labels)
    {
        if (folds > rows)
            throw new Validation.CaviarValidationException(Field, $"{folds} folds need at least {folds} rows; the train channel has {rows}");
        return Make(rows, folds, seed, labels);
    }

    /// <summary>The hyperparameter's field in refusals.</summary>
    public const string Field = "hyperParameters.cross_validation_folds";

    /// <summary>
    /// Deals <paramref name="examples"/> examples into <paramref name="folds"/> folds. <paramref name="labels"/> (one a
    /// example) stratifies; null shuffles all examples as one group. Throws <see cref="ArgumentOutOfRangeException"/> for
    /// fewer than 2 folds or more folds than examples (callers refuse those first, naming their field).
    /// </summary>
    public static CrossValidationFolds Make(int examples, int folds, int seed, IReadOnlyList<double>? labels = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(folds, examples);
        if (labels is not null && labels.Count != examples) throw new ArgumentException("one label per example", nameof(labels));
        var random = new Random(seed);
        IEnumerable<int[]> groups = labels is null
            ? [Enumerable.Range(0, examples).ToArray()]
            : Enumerable.Range(0, examples).GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray());
        var foldOf = new int[examples];
        int next = 0;
        foreach (var group in groups)
        {
            random.Shuffle(group);
            foreach (int example in group) foldOf[example] = next++ % folds;
        }
        return new CrossValidationFolds(foldOf, folds);
    }
}

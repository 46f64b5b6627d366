using Caviar.Pruning;
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Trials;

namespace Caviar.Studies;

/// <summary>
/// A running trial as the objective sees it (define-by-run): ask it for values with the Suggest methods,
/// report intermediate values, and ask whether it should stop early. Each value is stored as soon as it is drawn.
/// </summary>
public sealed class Trial
{
    private readonly Study _study;
    private readonly StrategyContext _context;
    private readonly SearchSpace? _declaredSpace;
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParameterRange> _ranges = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, double>? _jointProposal;
    private SearchSpace? _jointSpace;
    private IReadOnlyList<TrialRecord>? _readWithReport;   // the study as read with the last report, until ShouldPrune takes it

    internal Trial(Study study, TrialRecord record, StrategyContext context, SearchSpace? declaredSpace,
        CancellationToken cancellation)
    {
        _study = study;
        Id = record.Id;
        Number = record.Number;
        _context = context;
        _declaredSpace = declaredSpace;
        Cancellation = cancellation;
        foreach (var (name, value) in record.Params)
        {
            _values[name] = value;
            _ranges[name] = record.Distributions[name];
        }
        if (declaredSpace is not null)
        {
            // Everything the declared space still lacks is drawn at once and stored in one write.
            var drawn = SpaceDraw.Draw(study.Strategy, context, declaredSpace, range => !_ranges.ContainsKey(range.Name));
            if (drawn.Count > 0) study.Store.SetParams(Id, drawn);
            foreach (var value in drawn)
            {
                _values[value.Name] = value.Value;
                _ranges[value.Name] = value.Range;
            }
        }
    }

    public long Id { get; }
    public int Number { get; }

    /// <summary>Signalled when the run's max runtime is spent or the run is cancelled.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>The values drawn so far, user-facing (double, long or string).</summary>
    public IReadOnlyDictionary<string, object> Params =>
        _values.ToDictionary(p => p.Key, p => _ranges[p.Key].ToExternal(p.Value));

    /// <summary>A float in [min, max]; with <paramref name="step"/>, one of min, min + step, …, max (step must divide max − min).</summary>
    public double SuggestFloat(string name, double min, double max, ScalingType scaling = ScalingType.Linear,
        double? step = null) =>
        (double)Suggest(new ContinuousRange(name, min, max, scaling, step));

    /// <summary>An integer in [min, max]; with <paramref name="step"/>, one of min, min + step, …, max (step must divide max − min).</summary>
    public long SuggestInt(string name, long min, long max, ScalingType scaling = ScalingType.Linear, long? step = null) =>
        (long)Suggest(new IntegerRange(name, min, max, scaling, step));

    public string SuggestCategorical(string name, params string[] choices) =>
        (string)Suggest(new CategoricalRange(name, choices));

    /// <summary>
    /// A choice among typed values (<c>SuggestCategorical("batch", 32, 64)</c>, <c>SuggestCategorical("bn", true, false)</c>),
    /// returned as its type: string, long (any integer type), double (float too) or bool.
    /// </summary>
    public T SuggestCategorical<T>(string name, params T[] choices) where T : notnull =>
        (T)Convert.ChangeType(Suggest(new CategoricalRange(name, choices.Cast<object>().ToArray())), typeof(T),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Draws (or returns the already drawn) value of <paramref name="range"/>.</summary>
    public object Suggest(ParameterRange range)
    {
        if (_ranges.TryGetValue(range.Name, out var known))
        {
            if (!known.Equals(range))
                throw new Validation.CaviarValidationException(range.Name,
                    "was already suggested in this trial with a different range");
            return known.ToExternal(_values[range.Name]);
        }
        range.Validate(range.Name);
        double value = JointProposal().TryGetValue(range.Name, out var proposed)
                       && _jointSpace!.TryGet(range.Name, out var planned) && planned.Equals(range)
            ? proposed
            : _study.Strategy.ProposeOne(_context, range);
        _study.Store.SetParam(Id, range.Name, value, range);
        _values[range.Name] = value;
        _ranges[range.Name] = range;
        return range.ToExternal(value);
    }

    /// <summary>
    /// Stores a user attribute of this trial (Optuna's <c>set_user_attr</c>): a string, number or boolean by name, kept
    /// with the trial and shown by describe, export and the API; setting a name again overwrites it.
    /// </summary>
    public void SetAttribute(string name, object value) =>
        _study.Store.SetUserAttribute(Id, name, UserAttributes.Normalize(name, value));

    /// <summary>
    /// Stores an intermediate objective value for a step (epoch, iteration, resource). With a pruner, the study's trials
    /// are read in the same round trip, for the <see cref="ShouldPrune"/> that follows.
    /// </summary>
    public void Report(long step, double value)
    {
        if (_study.Options.Pruner is NoPruning) _study.Store.ReportIntermediate(Id, step, value);
        else Volatile.Write(ref _readWithReport, _study.ReportAndRead(Id, step, value));
    }

    /// <summary>
    /// Whether the study's pruner wants this trial stopped now; if so, throw <see cref="TrialPrunedException"/>. The first
    /// call after a <see cref="Report"/> decides on the study as read with that report (the value just reported included);
    /// any other call reads it now.
    /// </summary>
    public bool ShouldPrune()
    {
        var trials = Interlocked.Exchange(ref _readWithReport, null) ?? _study.CurrentTrials();
        // Trials are listed by number without gaps, so the trial is usually at its number.
        var self = Number < trials.Count && trials[Number].Id == Id ? trials[Number] : trials.First(t => t.Id == Id);
        return _study.Options.Pruner.ShouldPrune(self, trials, _study.PruningDirection);
    }

    private IReadOnlyDictionary<string, double> JointProposal()
    {
        if (_jointProposal is not null) return _jointProposal;
        _jointSpace = _declaredSpace ?? KnownSpace.FromHistory(_context.History);
        _jointProposal = _jointSpace.Count == 0
            ? new Dictionary<string, double>()
            : _study.Strategy.ProposeJoint(_context, _jointSpace);
        return _jointProposal;
    }
}

/// <summary>Thrown by an objective to end its trial as Pruned.</summary>
public sealed class TrialPrunedException(string? message = null)
    : Exception(message ?? "The trial was pruned.");

using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Studies;

/// <summary>
/// A tuning study over a store. Two styles: define-by-run (<see cref="Optimize"/> with an objective that calls
/// <c>trial.SuggestFloat(...)</c>) and ask/tell (<see cref="Ask"/>, evaluate anywhere, then <see cref="Tell(Trial, double)"/>).
/// </summary>
public sealed class Study
{
    private Study(IStudyStore store, StudyRecord record, StudyOptions options)
    {
        Store = store;
        Record = record;
        Options = options;
        _history = new TrialHistoryCache(store, record.Id);
    }

    private readonly TrialHistoryCache _history;

    public IStudyStore Store { get; }
    public StudyRecord Record { get; }
    public StudyOptions Options { get; }
    public string Name => Record.Name;
    public ObjectiveDirection Direction => Record.Direction;
    internal ISearchStrategy Strategy => Options.Strategy;

    public static Study Create(IStudyStore store, string name, ObjectiveDirection direction,
        StudyOptions? options = null, string? configuration = null)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new CaviarValidationException("name", "a study needs a name");
        options ??= new StudyOptions();
        var record = store.CreateStudy(name, direction, options.Clock.GetUtcNow(), configuration);
        return new Study(store, record, options);
    }

    public static Study Load(IStudyStore store, string name, StudyOptions? options = null) =>
        new(store, store.FindStudy(name) ?? throw new CaviarNotFoundException(nameof(name), $"no study named '{name}'"),
            options ?? new StudyOptions());

    public static Study CreateOrLoad(IStudyStore store, string name, ObjectiveDirection direction,
        StudyOptions? options = null, string? configuration = null)
    {
        var existing = store.FindStudy(name);
        if (existing is null) return Create(store, name, direction, options, configuration);
        if (existing.Direction != direction)
            throw new CaviarConflictException(nameof(direction),
                $"study '{name}' exists with direction {existing.Direction}, not {direction}");
        return new Study(store, existing, options ?? new StudyOptions());
    }

    public IReadOnlyList<TrialRecord> Trials => Store.GetTrials(Record.Id);

    /// <summary>
    /// The same trials as <see cref="Trials"/>, read incrementally (<see cref="TrialHistoryCache"/>): what asks, and
    /// pruners deciding on a report, read on every call.
    /// </summary>
    public IReadOnlyList<TrialRecord> CurrentTrials() => _history.Read();

    /// <summary>The best completed trial (the earliest one on ties), or null when none completed.</summary>
    public TrialRecord? BestTrial => BestOf(Trials, Direction);

    public static TrialRecord? BestOf(IEnumerable<TrialRecord> trials, ObjectiveDirection direction)
    {
        TrialRecord? best = null;
        foreach (var trial in trials)
            if (trial.State == TrialState.Completed &&
                (best is null || direction.IsBetter(trial.Value!.Value, best.Value!.Value)))
                best = trial;
        return best;
    }

    /// <summary>
    /// Starts a trial. With <paramref name="space"/>, every range in it is drawn at once (ask/tell style);
    /// without, values are drawn as the caller suggests them.
    /// </summary>
    public Trial Ask(SearchSpace? space = null, CancellationToken cancellation = default) =>
        TryAskWithin(space, null, cancellation)!;

    /// <summary>
    /// <see cref="Ask"/>, unless the study already holds <paramref name="maxTrials"/> trials (then null): the trial and the
    /// space's values are written in one transaction, and the limit holds against other processes creating trials too.
    /// </summary>
    public Trial? TryAskWithin(SearchSpace? space, int? maxTrials, CancellationToken cancellation = default) =>
        TryAsk(space, draw => Store.CreateTrialWithValues(Record.Id, Options.Clock.GetUtcNow(), draw, maxTrials), cancellation);

    /// <summary>
    /// Like <see cref="Ask"/>, with the trial created by <paramref name="createTrial"/>, which may decline (null, e.g. when
    /// a shared limit is reached; then so does this) and is handed a function that draws the declared space's values for
    /// a trial number, so a store can write the trial and its values in one transaction.
    /// </summary>
    public Trial? TryAsk(SearchSpace? space, Func<Func<int, IReadOnlyList<TrialParam>>, TrialRecord?> createTrial,
        CancellationToken cancellation = default)
    {
        var history = StrategyHistory();
        StrategyContext ContextFor(int number) => new(history, Direction, number, Options.Seed);
        var record = createTrial(number => space is null ? [] : SpaceDraw.Draw(Strategy, ContextFor(number), space));
        return record is null ? null : new Trial(this, record, ContextFor(record.Number), space, cancellation);
    }

    /// <summary>
    /// A handle on a trial that is still open in the store (its process ended before the trial did, or a worker
    /// claimed it from the queue), so it can be finished: values already drawn are kept, and with
    /// <paramref name="space"/> any range not drawn yet is drawn now.
    /// </summary>
    public Trial Reattach(TrialRecord running, CancellationToken cancellation = default, SearchSpace? space = null)
    {
        if (running.StudyId != Record.Id || running.State.IsFinished())
            throw new InvalidOperationException($"Trial {running.Number} is not an open trial of study '{Name}'.");
        var context = new StrategyContext(StrategyHistory(), Direction, running.Number, Options.Seed);
        return new Trial(this, running, context, space, cancellation);
    }

    private IReadOnlyList<TrialRecord> StrategyHistory()
    {
        if (!Strategy.UsesHistory) return [];
        var stored = _history.Read();
        return Options.PriorTrials.Count == 0 ? stored : [.. Options.PriorTrials, .. stored];
    }

    /// <summary>
    /// Records a configuration evaluated elsewhere (Optuna's <c>add_trial</c>): a Completed trial with
    /// <paramref name="parameters"/> (user-facing values: numbers, or a categorical's value) and <paramref name="value"/>,
    /// which the strategy then learns from like any other. Every range of <paramref name="space"/> needs a value and
    /// no other name is allowed; a value that does not fit is refused naming <c>parameters.NAME</c> before anything is written.
    /// </summary>
    public TrialRecord Add(SearchSpace space, IReadOnlyDictionary<string, object> parameters, double value)
    {
        if (!double.IsFinite(value)) throw new CaviarValidationException("value", $"must be a finite number, not {value}");
        foreach (var name in parameters.Keys)
            if (space.Ranges.All(r => r.Name != name))
                throw new CaviarValidationException($"parameters.{name}", "is not a range of the search space");
        var values = new List<TrialParam>();
        foreach (var range in space.Ranges)
        {
            if (!parameters.TryGetValue(range.Name, out var given))
                throw new CaviarValidationException($"parameters.{range.Name}", "missing: every range of the search space needs a value");
            try
            {
                values.Add(new TrialParam(range.Name, range.ToInternal(given), range));
            }
            catch (CaviarValidationException refused)
            {
                throw new CaviarValidationException($"parameters.{range.Name}", refused.Reason);
            }
            catch (Exception error) when (error is FormatException or InvalidCastException or OverflowException)
            {
                throw new CaviarValidationException($"parameters.{range.Name}", $"'{given}' is not a value of this range");
            }
        }
        var created = Store.CreateTrialWithValues(Record.Id, Options.Clock.GetUtcNow(), _ => values)!;
        return Tell(created.Id, value);
    }

    public TrialRecord Tell(Trial trial, double value) => Tell(trial.Id, value);

    public TrialRecord Tell(long trialId, double value) =>
        double.IsFinite(value)
            ? Finish(trialId, TrialState.Completed, value, null)
            : Finish(trialId, TrialState.Failed, null, $"the objective returned {value}");

    public TrialRecord Tell(Trial trial, TrialState state, string? reason = null) =>
        Finish(trial.Id, state, null, reason);

    private TrialRecord Finish(long trialId, TrialState state, double? value, string? reason)
    {
        return Store.FinishTrialAndRead(trialId, state, value, Options.Clock.GetUtcNow(), reason);
    }

    /// <summary>
    /// Evaluates one trial and records how it ended: its value, or Pruned (<see cref="TrialPrunedException"/>),
    /// Stopped (cancelled through <paramref name="stop"/>), or Failed (any other exception, with its message).
    /// </summary>
    public async Task<TrialRecord> EvaluateAsync(Trial trial, Func<Trial, CancellationToken, Task<double>> objective,
        CancellationToken stop)
    {
        try
        {
            double value = await objective(trial, stop).ConfigureAwait(false);
            return Tell(trial, value);
        }
        catch (TrialPrunedException pruned)
        {
            return Tell(trial, TrialState.Pruned, pruned.Message);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return Tell(trial, TrialState.Stopped, "the run's max runtime was spent or it was stopped");
        }
        catch (Exception error)
        {
            return Tell(trial, TrialState.Failed, $"{error.GetType().Name}: {error.Message}");
        }
    }

    /// <summary>
    /// Runs a synchronous objective; see <see cref="OptimizeAsync"/>. Each parallel worker has a thread of its own,
    /// so objectives that block do not starve one another.
    /// </summary>
    public TuningOutcome Optimize(Func<Trial, double> objective, TuningLimits limits,
        CompletionCriteria? criteria = null, SearchSpace? space = null, Action<TrialRecord>? onTrialFinished = null,
        CancellationToken cancellation = default) =>
        OptimizeAsync((trial, _) => Task.FromResult(objective(trial)), limits, criteria, space, onTrialFinished,
            cancellation).GetAwaiter().GetResult();

    /// <summary>
    /// Runs trials until a limit or completion criterion ends the run. An objective that throws fails its trial
    /// (the run goes on); <see cref="TrialPrunedException"/> prunes it; cancellation stops it.
    /// </summary>
    public Task<TuningOutcome> OptimizeAsync(Func<Trial, CancellationToken, Task<double>> objective,
        TuningLimits limits, CompletionCriteria? criteria = null, SearchSpace? space = null,
        Action<TrialRecord>? onTrialFinished = null, CancellationToken cancellation = default) =>
        new TuningRun(this, objective, limits, criteria ?? new CompletionCriteria(), space, onTrialFinished)
            .RunAsync(cancellation);
}

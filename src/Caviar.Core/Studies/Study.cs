using Caviar.MultiObjective;
using Caviar.SearchSpaces;
using Caviar.Storage;
using Caviar.Strategies;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Studies;

/// <summary>
/// A tuning study over a store. Two styles: define-by-run (<see cref="Optimize(Func{Trial, double}, TuningLimits, CompletionCriteria?, SearchSpace?, Action{TrialRecord}?, CancellationToken)"/>
/// with an objective that calls <c>trial.SuggestFloat(...)</c>) and ask/tell (<see cref="Ask"/>, evaluate anywhere,
/// then <see cref="Tell(Trial, double)"/>). A study may have several objectives (<see cref="Directions"/>; Optuna's
/// <c>directions</c>): its trials then complete with one value per objective, and <see cref="BestTrials"/> is the
/// Pareto front.
/// </summary>
public sealed class Study
{
    private Study(IStudyStore store, StudyRecord record, StudyOptions options)
    {
        Store = store;
        Record = record;
        Options = options;
        _history = new TrialHistoryCache(store, record.Id);
        Strategy = options.StrategyGiven || record.Directions.Count == 1 ? options.Strategy : NsgaIIStrategy.SeveralObjectivesDefault();
        EnsureOptionsFit(record.Directions, options, Strategy);
    }

    /// <summary>Refuses options that cannot serve these objectives, before anything is written.</summary>
    private static void EnsureOptionsFit(IReadOnlyList<ObjectiveDirection> directions, StudyOptions options, ISearchStrategy strategy)
    {
        if (directions.Count == 0) throw new CaviarValidationException("directions", "a study needs at least one objective");
        if (directions.Count > 1 && !strategy.SupportsMultipleObjectives)
            throw new CaviarValidationException("strategy",
                $"{strategy.Name} searches one objective; with {directions.Count} use nsga2 (the default), tpe, random or grid");
        if (options.EarlyStoppingObjective is { } index && (index < 0 || index >= directions.Count))
            throw new CaviarValidationException("earlyStoppingObjective",
                $"must be an objective's index, 0 to {directions.Count - 1}, not {index}");
        if (directions.Count > 1 && options.Pruner is not Pruning.NoPruning && options.EarlyStoppingObjective is null)
            throw new CaviarValidationException("earlyStoppingObjective",
                $"early stopping needs one objective to compare intermediate values on; the study has {directions.Count}: name one");
    }

    private readonly TrialHistoryCache _history;

    public IStudyStore Store { get; }
    public StudyRecord Record { get; }
    public StudyOptions Options { get; }
    public string Name => Record.Name;
    /// <summary>The first objective's direction (the only one of a one-objective study).</summary>
    public ObjectiveDirection Direction => Record.Direction;
    /// <summary>One direction per objective.</summary>
    public IReadOnlyList<ObjectiveDirection> Directions => Record.Directions;
    public bool IsMultiObjective => Directions.Count > 1;

    /// <summary>
    /// The strategy in use: <see cref="StudyOptions.Strategy"/> when given, else TPE for one objective and NSGA-II for
    /// several.
    /// </summary>
    public ISearchStrategy Strategy { get; }

    /// <summary>The direction of the objective whose intermediate values the pruner compares (<see cref="StudyOptions.EarlyStoppingObjective"/>).</summary>
    public ObjectiveDirection PruningDirection => Directions[Options.EarlyStoppingObjective ?? 0];

    public static Study Create(IStudyStore store, string name, ObjectiveDirection direction,
        StudyOptions? options = null, string? configuration = null) =>
        Create(store, name, [direction], options, configuration);

    /// <summary>A study with one objective per direction (several: a multi-objective study).</summary>
    public static Study Create(IStudyStore store, string name, IReadOnlyList<ObjectiveDirection> directions,
        StudyOptions? options = null, string? configuration = null)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new CaviarValidationException("name", "a study needs a name");
        options ??= new StudyOptions();
        EnsureOptionsFit(directions, options,
            options.StrategyGiven || directions.Count == 1 ? options.Strategy : NsgaIIStrategy.SeveralObjectivesDefault());
        var record = store.CreateStudy(name, directions.ToArray(), options.Clock.GetUtcNow(), configuration);
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
        if (existing.Directions.Count != 1 || existing.Direction != direction)
            throw new CaviarConflictException(nameof(direction),
                $"study '{name}' exists with direction {string.Join(", ", existing.Directions)}, not {direction}");
        return new Study(store, existing, options ?? new StudyOptions());
    }

    /// <summary><see cref="Create(IStudyStore, string, IReadOnlyList{ObjectiveDirection}, StudyOptions?, string?)"/>, or the study of that name when its directions are these.</summary>
    public static Study CreateOrLoad(IStudyStore store, string name, IReadOnlyList<ObjectiveDirection> directions,
        StudyOptions? options = null, string? configuration = null)
    {
        var existing = store.FindStudy(name);
        if (existing is null) return Create(store, name, directions, options, configuration);
        if (!existing.Directions.SequenceEqual(directions))
            throw new CaviarConflictException(nameof(directions),
                $"study '{name}' exists with directions {string.Join(", ", existing.Directions)}, not {string.Join(", ", directions)}");
        return new Study(store, existing, options ?? new StudyOptions());
    }

    public IReadOnlyList<TrialRecord> Trials => Store.GetTrials(Record.Id);

    /// <summary>
    /// The same trials as <see cref="Trials"/>, read incrementally (<see cref="TrialHistoryCache"/>): what asks, and
    /// pruners deciding on a report, read on every call.
    /// </summary>
    public IReadOnlyList<TrialRecord> CurrentTrials() => _history.Read();

    /// <summary>Writes a trial's intermediate value and reads the trials as <see cref="CurrentTrials"/> does, in one round trip where the store can.</summary>
    internal IReadOnlyList<TrialRecord> ReportAndRead(long trialId, long step, double value) =>
        _history.ReportAndRead(trialId, step, value);

    /// <summary>
    /// The best completed, feasible trial (the earliest one on ties), or null when there is none. A study with several
    /// objectives has no single best: it throws, as Optuna does; use <see cref="BestTrials"/>.
    /// </summary>
    public TrialRecord? BestTrial => IsMultiObjective
        ? throw new InvalidOperationException(
            $"Study '{Name}' has {Directions.Count} objectives and no single best trial; use BestTrials (the Pareto front).")
        : BestOf(Trials, Direction);

    /// <summary>
    /// The Pareto front: every completed, feasible trial that no other one dominates, in number order (Optuna's
    /// <c>best_trials</c>). With one objective, the trials sharing the best value.
    /// </summary>
    public IReadOnlyList<TrialRecord> BestTrials => ParetoFront.Of(Trials, Directions);

    /// <summary>The best completed, feasible trial by <paramref name="direction"/> on its (first) value; the earliest on ties.</summary>
    public static TrialRecord? BestOf(IEnumerable<TrialRecord> trials, ObjectiveDirection direction)
    {
        TrialRecord? best = null;
        foreach (var trial in trials)
            if (trial.State == TrialState.Completed && trial.IsFeasible &&
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
    /// A Waiting trial (<see cref="Enqueue"/>) is taken first, its missing values drawn.
    /// </summary>
    public Trial? TryAskWithin(SearchSpace? space, int? maxTrials, CancellationToken cancellation = default) =>
        AskFrom(_history.Read(), space, maxTrials, cancellation);

    /// <summary>
    /// <see cref="TryAskWithin(SearchSpace, int?, CancellationToken)"/> drawing from <paramref name="current"/>, the
    /// study as the caller has just read it with <see cref="CurrentTrials"/> (a run's stop check does), instead of reading
    /// it again: one round trip fewer. The strategy sees the study as of that read (as if the ask had come right after
    /// it); the trial still gets the next free number and the limit still holds against other processes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="current"/> is not what this study's <see cref="CurrentTrials"/> returned.</exception>
    public Trial? TryAskWithin(SearchSpace? space, int? maxTrials, IReadOnlyList<TrialRecord> current,
        CancellationToken cancellation = default) =>
        current is TrialHistorySnapshot snapshot && snapshot.Source == _history
            ? AskFrom(snapshot, space, maxTrials, cancellation)
            : throw new ArgumentException($"give what CurrentTrials() of study '{Name}' returned", nameof(current));

    private Trial? AskFrom(IReadOnlyList<TrialRecord> read, SearchSpace? space, int? maxTrials, CancellationToken cancellation)
    {
        // An enqueued trial goes first (it already counts against the limit). The history is read anyway to draw, and
        // its unfinished trials include every Waiting one, so a study with none pays no pass over its finished trials.
        if ((read is TrialHistorySnapshot snapshot ? snapshot.Unfinished : read).Any(t => t.State == TrialState.Waiting)
            && Store.ClaimEnqueued(Record.Id, Options.Clock.GetUtcNow()) is { } enqueued)
            return Reattach(enqueued, cancellation, space);
        // That read is also the strategy's history (no second read), and it says which number comes next unless another
        // process takes it first, which lets a store write the trial and its values in one round trip.
        int expected = read.Count == 0 ? 0 : read[^1].Number + 1;
        return TryAsk(space, draw => Store.CreateTrialWithValues(Record.Id, Options.Clock.GetUtcNow(), draw, maxTrials, expected),
            StrategyHistory(read), cancellation);
    }

    /// <summary>
    /// Like <see cref="Ask"/>, with the trial created by <paramref name="createTrial"/>, which may decline (null, e.g. when
    /// a shared limit is reached; then so does this) and is handed a function that draws the declared space's values for
    /// a trial number, so a store can write the trial and its values in one transaction.
    /// </summary>
    public Trial? TryAsk(SearchSpace? space, Func<Func<int, IReadOnlyList<TrialParam>>, TrialRecord?> createTrial,
        CancellationToken cancellation = default) => TryAsk(space, createTrial, StrategyHistory(), cancellation);

    private Trial? TryAsk(SearchSpace? space, Func<Func<int, IReadOnlyList<TrialParam>>, TrialRecord?> createTrial,
        IReadOnlyList<TrialRecord> history, CancellationToken cancellation)
    {
        StrategyContext ContextFor(int number) => new(history, Directions, number, Options.Seed);
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
        var context = new StrategyContext(StrategyHistory(), Directions, running.Number, Options.Seed);
        return new Trial(this, running, context, space, cancellation);
    }

    private IReadOnlyList<TrialRecord> StrategyHistory(IReadOnlyList<TrialRecord>? read = null)
    {
        if (!Strategy.UsesHistory) return [];
        var stored = read ?? _history.Read();
        return Options.PriorTrials.Count == 0 ? stored : [.. Options.PriorTrials, .. stored];
    }

    /// <summary>
    /// Records a configuration evaluated elsewhere (Optuna's <c>add_trial</c>): a Completed trial with
    /// <paramref name="parameters"/> (user-facing values: numbers, or a categorical's value) and <paramref name="value"/>,
    /// which the strategy then learns from like any other. Every range of <paramref name="space"/> needs a value and
    /// no other name is allowed; a value that does not fit is refused naming <c>parameters.NAME</c> before anything is written.
    /// </summary>
    public TrialRecord Add(SearchSpace space, IReadOnlyDictionary<string, object> parameters, double value) =>
        Add(space, parameters, [value]);

    /// <summary>
    /// <see cref="Add(SearchSpace, IReadOnlyDictionary{string, object}, double)"/> with one value per objective (and
    /// optionally the constraint values; otherwise <see cref="StudyOptions.Constraints"/> gives them).
    /// </summary>
    public TrialRecord Add(SearchSpace space, IReadOnlyDictionary<string, object> parameters, double[] values,
        double[]? constraints = null)
    {
        EnsureValueCount(values);
        if (NotFinite(values) is { } text)
            throw new CaviarValidationException(values.Length == 1 ? "value" : "values", values.Length == 1 ? $"must be a finite number, not {text}" : $"must all be finite numbers, not {text}");
        var drawn = GivenParameters.ToInternal(space, parameters, requireAll: true);
        var constraintValues = ConstraintsOf(() => new TrialRecord
        {
            Id = 0, StudyId = Record.Id, Number = _history.Read().Count, State = TrialState.Completed,
            StartedAt = Options.Clock.GetUtcNow(),
            Params = drawn.ToDictionary(p => p.Name, p => p.Value),
            Distributions = drawn.ToDictionary(p => p.Name, p => p.Range),
        }, values, constraints);
        // One transaction, whatever the objectives and constraints: the trial is never seen Running, a failure leaves nothing.
        return Store.AddFinishedTrial(Record.Id, Options.Clock.GetUtcNow(), drawn, values, constraintValues);
    }

    /// <summary>
    /// Queues a configuration to evaluate next (Optuna's <c>enqueue_trial</c>): a Waiting trial holding
    /// <paramref name="parameters"/> (user-facing values), which the next <see cref="Ask"/> (or a tuning run's next trial,
    /// or a worker) takes before drawing anything new, oldest first. Ranges of <paramref name="space"/> left out are drawn
    /// by the strategy when the trial is asked; a name that is not a range of the space, or a value that does not fit its
    /// range, is refused naming <c>parameters.NAME</c> before anything is written. In define-by-run objectives, suggest
    /// the same ranges as <paramref name="space"/> declares.
    /// </summary>
    public TrialRecord Enqueue(SearchSpace space, IReadOnlyDictionary<string, object> parameters) =>
        Store.EnqueueTrial(Record.Id, Options.Clock.GetUtcNow(),
            GivenParameters.ToInternal(space, parameters, requireAll: false));

    /// <summary>Completes a trial of a one-objective study with its value (a value that is not finite fails it).</summary>
    public TrialRecord Tell(Trial trial, double value) => Tell(trial.Id, value);

    public TrialRecord Tell(long trialId, double value) => Tell(trialId, [value]);

    /// <summary>
    /// Completes a trial with one value per objective (any value that is not finite fails it instead) and its constraint
    /// values (each satisfied when ≤ 0); without <paramref name="constraints"/>, <see cref="StudyOptions.Constraints"/>
    /// gives them, if set. A count of values other than the study's objectives is refused.
    /// </summary>
    public TrialRecord Tell(Trial trial, double[] values, double[]? constraints = null) => Tell(trial.Id, values, constraints);

    public TrialRecord Tell(long trialId, double[] values, double[]? constraints = null)
    {
        EnsureValueCount(values);
        if (NotFinite(values) is { } text)
            return Finish(trialId, TrialState.Failed, null, $"the objective returned {text}");
        var constraintValues = ConstraintsOf(() => Store.GetTrial(trialId), values, constraints);
        if (constraintValues.Count == 0 && values.Length == 1)
            return Finish(trialId, TrialState.Completed, values[0], null);
        return Store.CompleteTrialAndRead(trialId, values, constraintValues, Options.Clock.GetUtcNow());
    }

    /// <summary>Refuses a count of values other than the study's objectives (<see cref="Tell(long, double[], double[])"/> and <see cref="Add(SearchSpace, IReadOnlyDictionary{string, object}, double[], double[])"/>).</summary>
    private void EnsureValueCount(double[] values)
    {
        if (values.Length != Directions.Count)
            throw new CaviarValidationException(values.Length == 1 ? "value" : "values",
                $"the study has {Directions.Count} objective{(Directions.Count == 1 ? "" : "s")}: give {Directions.Count} value{(Directions.Count == 1 ? "" : "s")}, not {values.Length}");
    }

    /// <summary>The values as text when any is not finite (NaN, ±∞); null when all are.</summary>
    private static string? NotFinite(double[] values) =>
        values.All(double.IsFinite) ? null : values.Length == 1 ? $"{values[0]}" : "[" + string.Join(", ", values) + "]";

    /// <summary>
    /// The constraint values of a trial completing with <paramref name="values"/>: those given, else the
    /// <see cref="StudyOptions.Constraints"/> hook's on the trial (read only when there is a hook), else none.
    /// </summary>
    private IReadOnlyList<double> ConstraintsOf(Func<TrialRecord> trial, double[] values, double[]? given) =>
        given ?? (Options.Constraints is { } hook
            ? hook(trial() with { State = TrialState.Completed, Value = values[0], Values = values })
            : []);

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
    public Task<TrialRecord> EvaluateAsync(Trial trial, Func<Trial, CancellationToken, Task<double>> objective,
        CancellationToken stop) =>
        EvaluateAsync(trial, async (t, token) => new[] { await objective(t, token).ConfigureAwait(false) }, stop);

    /// <summary>
    /// <see cref="EvaluateAsync(Trial, Func{Trial, CancellationToken, Task{double}}, CancellationToken)"/> for an
    /// objective giving one value per objective.
    /// </summary>
    public async Task<TrialRecord> EvaluateAsync(Trial trial, Func<Trial, CancellationToken, Task<double[]>> objective,
        CancellationToken stop)
    {
        try
        {
            double[] values = await objective(trial, stop).ConfigureAwait(false);
            return Tell(trial, values);
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
            return Tell(trial, TrialState.Failed, TrialFailedException.ReasonOf(error));
        }
    }

    /// <summary>
    /// Runs a synchronous objective; see <see cref="OptimizeAsync(Func{Trial, CancellationToken, Task{double}}, TuningLimits, CompletionCriteria?, SearchSpace?, Action{TrialRecord}?, CancellationToken)"/>. Each parallel worker has a thread of its own,
    /// so objectives that block do not starve one another.
    /// </summary>
    // An objective that only throws fits every Optimize overload; it goes to the one-objective one, as before they existed.
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public TuningOutcome Optimize(Func<Trial, double> objective, TuningLimits limits,
        CompletionCriteria? criteria = null, SearchSpace? space = null, Action<TrialRecord>? onTrialFinished = null,
        CancellationToken cancellation = default) =>
        OptimizeAsync((trial, _) => Task.FromResult(objective(trial)), limits, criteria, space, onTrialFinished,
            cancellation).GetAwaiter().GetResult();

    /// <summary>Runs a two-objective study: the objective returns one value per direction.</summary>
    public TuningOutcome Optimize(Func<Trial, (double, double)> objective, TuningLimits limits,
        SearchSpace? space = null, Action<TrialRecord>? onTrialFinished = null, CancellationToken cancellation = default) =>
        Optimize(trial => { var (a, b) = objective(trial); return new[] { a, b }; }, limits, space, onTrialFinished, cancellation);

    /// <summary>Runs a three-objective study: the objective returns one value per direction.</summary>
    public TuningOutcome Optimize(Func<Trial, (double, double, double)> objective, TuningLimits limits,
        SearchSpace? space = null, Action<TrialRecord>? onTrialFinished = null, CancellationToken cancellation = default) =>
        Optimize(trial => { var (a, b, c) = objective(trial); return new[] { a, b, c }; }, limits, space, onTrialFinished,
            cancellation);

    /// <summary>Runs a study with any number of objectives: the objective returns one value per direction.</summary>
    public TuningOutcome Optimize(Func<Trial, double[]> objective, TuningLimits limits, SearchSpace? space = null,
        Action<TrialRecord>? onTrialFinished = null, CancellationToken cancellation = default) =>
        OptimizeAsync((trial, _) => Task.FromResult(objective(trial)), limits, space, onTrialFinished, cancellation)
            .GetAwaiter().GetResult();

    /// <summary>
    /// Runs trials of an objective giving one value per direction until a limit ends the run (completion criteria
    /// judge one value, so there are none here).
    /// </summary>
    public Task<TuningOutcome> OptimizeAsync(Func<Trial, CancellationToken, Task<double[]>> objective,
        TuningLimits limits, SearchSpace? space = null, Action<TrialRecord>? onTrialFinished = null,
        CancellationToken cancellation = default) =>
        new TuningRun(this, objective, limits, new CompletionCriteria(), space, onTrialFinished).RunAsync(cancellation);

    /// <summary>
    /// Runs trials until a limit or completion criterion ends the run. An objective that throws fails its trial
    /// (the run goes on); <see cref="TrialPrunedException"/> prunes it; cancellation stops it.
    /// </summary>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public Task<TuningOutcome> OptimizeAsync(Func<Trial, CancellationToken, Task<double>> objective,
        TuningLimits limits, CompletionCriteria? criteria = null, SearchSpace? space = null,
        Action<TrialRecord>? onTrialFinished = null, CancellationToken cancellation = default) =>
        IsMultiObjective
            ? throw new CaviarValidationException("objective",
                $"the study has {Directions.Count} objectives: the objective must return {Directions.Count} values")
            : new TuningRun(this, async (trial, token) => new[] { await objective(trial, token).ConfigureAwait(false) },
                limits, criteria ?? new CompletionCriteria(), space, onTrialFinished).RunAsync(cancellation);
}

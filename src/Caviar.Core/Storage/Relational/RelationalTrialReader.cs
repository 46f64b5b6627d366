using System.Data.Common;
using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.Storage.Relational;

/// <summary>Reads trials with their parameters, intermediate values, objective values, constraints and user attributes: six queries in one round trip for any number of trials.</summary>
internal static class RelationalTrialReader
{
    public static TrialRecord One(DbConnection connection, DbTransaction? transaction, long trialId) =>
        After(connection, transaction, trialId, null);

    /// <summary>
    /// Runs <paramref name="first"/> (a statement that may use <c>@key</c>, the trial's id, and whose result rows go to
    /// its callback), then reads the trial, all in one round trip.
    /// </summary>
    public static TrialRecord After(DbConnection connection, DbTransaction? transaction, long trialId,
        (string Sql, Action<DbDataReader> Row, (string Name, object? Value)[] Parameters)? first) =>
        Load(connection, transaction, Reads("t.id = @key"), trialId,
            first is { } statement ? new Statements(statement.Sql, [statement.Row], statement.Parameters) : null).SingleOrDefault()
        ?? throw new KeyNotFoundException($"No trial with id {trialId}.");

    public static IReadOnlyList<TrialRecord> OfStudy(DbConnection connection, long studyId) =>
        Load(connection, null, Reads("t.study_id = @key"), studyId, null);

    /// <summary>The study's trials numbered above <paramref name="afterNumber"/> or in <paramref name="numbers"/>.</summary>
    public static IReadOnlyList<TrialRecord> Changed(DbConnection connection, SqlDialect dialect, long studyId, int afterNumber,
        IReadOnlyCollection<int> numbers) => ChangedAfter(connection, dialect, null, studyId, afterNumber, numbers);

    /// <summary>
    /// Runs <paramref name="first"/> (statements whose results go to their callbacks, one per result, in order; they
    /// may not use <c>@key</c>, <c>@after</c>, <c>@numbers</c>, <c>@from_steps</c>, <c>@marks</c>, <c>@lowest</c> or
    /// <c>@n</c>/<c>@f</c>/<c>@m</c> with a number), then reads <see cref="Changed"/>, all in one command:
    /// one round trip, and on PostgreSQL one implicit transaction (a failed read undoes the statements' writes); inside
    /// <paramref name="transaction"/> when one is given (SQLite, whose statements would otherwise commit one by one).
    /// </summary>
    public static IReadOnlyList<TrialRecord> ChangedAfter(DbConnection connection, SqlDialect dialect, Statements? first,
        long studyId, int afterNumber, IReadOnlyCollection<int> numbers, DbTransaction? transaction = null)
    {
        var held = Held(numbers);
        // A cache's first read (nothing seen yet) is the whole study: planned for its parameters, it hashes the child
        // tables, which the per-trial lookups below would not (3 s instead of 2 s at 10,000 trials × 100 values).
        if (dialect.ReadsChangedTrialsWithOnePlan && afterNumber >= 0)
        {
            // One statement text whatever the number of unfinished trials (array parameters), each child table read
            // per trial through its key, and the plan forced generic: planned once per connection, not on every call.
            return Load(connection, transaction, ChangedReadsByArray, studyId, first is { } before ? before.Then(PlanOnce) : PlanOnce,
                [("@after", afterNumber), ("@numbers", held.Numbers), ("@from_steps", held.FromSteps), ("@marks", held.Marks),
                 ("@lowest", long.MinValue)], held.Curves);
        }
        if (held.Numbers.Length == 0)
            return Load(connection, transaction, ChangedReadsNoneHeld, studyId, first, [("@after", afterNumber)]);
        var listed = held.Numbers.Select((n, i) => ($"@n{i}", (object?)n)).ToArray();
        // Each side of the union is a range or lookups on the (study_id, number) index. Written as one OR, SQLite
        // used the index for study_id only and walked every trial of the study, in each of the six statements
        // (2 ms of a report's read at 10,000 trials).
        string filter = "t.id IN (SELECT id FROM trials WHERE study_id = @key AND number > @after UNION ALL " +
                        $"SELECT id FROM trials WHERE study_id = @key AND number IN ({string.Join(", ", listed.Select(p => p.Item1))}))";
        string heldRows = "VALUES " + string.Join(", ", listed.Select((_, i) => $"(@n{i}, @f{i}, @m{i})"));
        return Load(connection, transaction, Reads(filter, intermediateRows: NewValues($"WITH held(number, from_step, mark) AS ({heldRows})\n",
                "held h", filter, lateral: false)), studyId, first,
            [("@after", afterNumber), ("@lowest", long.MinValue), .. listed,
             .. held.FromSteps.Select((f, i) => ($"@f{i}", (object?)f)), .. held.Marks.Select((m, i) => ($"@m{i}", (object?)m))],
            held.Curves);
    }

    /// <summary>
    /// What is sent per unfinished trial: its number, the step its held curve ends at (read again, so a rewrite of that
    /// step is seen) and the curve's revision (<see cref="IntermediateCurve.Revision"/>); with the held curves by trial
    /// id. Numbers without a held curve of a known revision are read whole.
    /// </summary>
    private static (int[] Numbers, long[] FromSteps, long[] Marks, Dictionary<long, IntermediateCurve>? Curves) Held(
        IReadOnlyCollection<int> numbers)
    {
        if (numbers.Count == 0) return ([], [], [], null);   // an ask's usual read: nothing running
        if (numbers is not HeldTrials held)
        {
            int[] listed = [.. numbers];
            return (listed, [.. listed.Select(_ => long.MinValue)], [.. listed.Select(_ => IntermediateCurve.UnknownRevision)], null);
        }
        var (count, curves) = (held.Count, new Dictionary<long, IntermediateCurve>(held.Count));
        var (ids, from, marks) = (new int[count], new long[count], new long[count]);
        for (int i = 0; i < count; i++)
        {
            var trial = held.Trials[i];
            ids[i] = trial.Number;
            var curve = trial.IntermediateValues as IntermediateCurve;
            from[i] = curve is { Count: > 0 } ? curve.LastStep : long.MinValue;
            marks[i] = curve?.Revision ?? IntermediateCurve.UnknownRevision;
            if (curve is not null) curves[trial.Id] = curve;
        }
        return (ids, from, marks, curves);
    }

    /// <summary>
    /// The intermediate values of the trials matching <paramref name="filter"/> (alias <c>t</c>) as (trial id, step,
    /// value, the trial's <c>curve_rewrites</c>, whole): a trial in <paramref name="held"/> (a relation <c>h</c> of number,
    /// from_step, mark, with its alias; <paramref name="with"/> may define it) whose mark equals its curve_rewrites gives only its values from
    /// from_step on (whole = 0); any other trial all its values (whole = 1). Each trial gives at least one row (step
    /// null when it has no value to give), so the count is read in the same statement as the values, one snapshot:
    /// read apart, a rewrite between the two could be counted as held without its value. The values are read per
    /// trial through the (trial_id, step) key, from the step on.
    /// </summary>
    internal static string NewValues(string with, string held, string filter, bool lateral)
    {
        const string from = "c.step >= CASE WHEN t.curve_rewrites = h.mark THEN h.from_step ELSE @lowest END";
        string values = lateral
            ? $"LEFT JOIN LATERAL (SELECT c.step, c.value FROM trial_intermediate_values c WHERE c.trial_id = t.id AND {from} OFFSET 0) c ON true"
            : $"LEFT JOIN trial_intermediate_values c ON c.trial_id = t.id AND {from}";
        return $"{with}SELECT t.id, c.step, c.value, t.curve_rewrites, CASE WHEN t.curve_rewrites = h.mark THEN 0 ELSE 1 END " +
               $"FROM trials t LEFT JOIN {held} ON h.number = t.number {values} WHERE {filter};";
    }

    /// <summary>The reads of the trials numbered above <c>@after</c>, none held (any dialect; built once).</summary>
    private static readonly string ChangedReadsNoneHeld = Reads("t.study_id = @key AND t.number > @after");

    /// <summary>The changed trials' filter with the unfinished numbers as one array parameter (PostgreSQL).</summary>
    internal const string ChangedByArray = "t.study_id = @key AND (t.number > @after OR t.number = ANY(@numbers))";

    /// <summary>
    /// PostgreSQL: until the implicit transaction ends, prepared statements run their generic plan, without JIT
    /// compilation. Left to choose, it plans the changed-trials reads anew on every call (their generic plans, costed
    /// for a third of the study, look dearer than a plan for the parameters at hand), 0.1–0.25 ms each, six per report;
    /// and a generic plan costed that high is over <c>jit_above_cost</c>, so it would be compiled by LLVM on every call
    /// (50 ms). Both settings are read when the plan is made, which happens after this statement. Both set_config calls
    /// are evaluated (concatenated, not ANDed); the statement returns no row.
    /// </summary>
    internal const string GenericPlanOnly =
        "SELECT 1 WHERE set_config('plan_cache_mode', 'force_generic_plan', true) || set_config('jit', 'off', true) IS NULL;\n";

    /// <summary><see cref="GenericPlanOnly"/> as statements before a read (its empty result has a callback of its own).</summary>
    private static readonly Statements PlanOnce = new(GenericPlanOnly, [_ => { }], []);

    /// <summary>The six reads of changed trials as PostgreSQL runs them fastest (the text is the same on every call).</summary>
    internal static readonly string ChangedReadsByArray = Reads(ChangedByArray, PerTrial,
        NewValues("", "unnest(@numbers, @from_steps, @marks) AS h(number, from_step, mark)", ChangedByArray, lateral: true));

    /// <summary>
    /// A child table's rows for the trials matching <c>filter</c>, read per trial through the table's key: the lateral
    /// subquery (kept apart by <c>OFFSET 0</c>) can only be a lookup per trial, so a generic plan costed for many trials
    /// cannot become a scan of the whole table (a semi-join's generic plan hashed all 1,000,000 values).
    /// </summary>
    internal static string PerTrial(string columns, string table, string filter) =>
        $"SELECT {columns.Replace("c.", "x.", StringComparison.Ordinal)} FROM trials t CROSS JOIN LATERAL " +
        $"(SELECT {columns} FROM {table} c WHERE c.trial_id = t.id OFFSET 0) x WHERE {filter};";

    /// <summary>A child table's rows for the trials matching <c>filter</c> (any dialect).</summary>
    private static string InTrials(string columns, string table, string filter) =>
        $"SELECT {columns} FROM {table} c WHERE c.trial_id IN (SELECT t.id FROM trials t WHERE {filter});";

    /// <summary>Statements sent before a read, with one callback per result they return.</summary>
    internal readonly record struct Statements(string Sql, Action<DbDataReader>[] Rows, (string Name, object? Value)[] Parameters)
    {
        /// <summary>These statements followed by <paramref name="next"/>'s.</summary>
        public Statements Then(Statements next) => new(Sql + next.Sql, [.. Rows, .. next.Rows], [.. Parameters, .. next.Parameters]);
    }

    /// <summary>Runs <paramref name="first"/>, then <paramref name="reads"/> (from <see cref="Reads"/>), and builds the trials.</summary>
    /// <remarks>
    /// The intermediate values of a trial in <paramref name="heldCurves"/> read from its held curve's last step on are
    /// merged into that curve (<see cref="IntermediateCurve.Merged"/>), not read again.
    /// </remarks>
    private static List<TrialRecord> Load(DbConnection connection, DbTransaction? transaction, string reads, long key,
        Statements? first, (string Name, object? Value)[]? filterParameters = null,
        Dictionary<long, IntermediateCurve>? heldCurves = null)
    {
        var parameters = new Dictionary<long, (Dictionary<string, double> Values, Dictionary<string, ParameterRange> Ranges)>();
        var intermediate = new Dictionary<long, CurveRows>();
        var attributes = new Dictionary<long, Dictionary<string, object>>();
        var objectiveValues = new Dictionary<long, SortedDictionary<int, double>>();
        var constraintValues = new Dictionary<long, SortedDictionary<int, double>>();
        var trials = new List<TrialRecord>();
        Sql.ForEachResult(connection, transaction, (first?.Sql ?? "") + reads,
        [
            .. first?.Rows ?? [],
            row =>
            {
                long id = row.GetInt64(0);
                if (!parameters.TryGetValue(id, out var entry))
                    parameters[id] = entry = (new Dictionary<string, double>(), new Dictionary<string, ParameterRange>());
                entry.Values[row.GetString(1)] = row.GetDouble(2);
                entry.Ranges[row.GetString(1)] = DistributionJson.Read(row.GetString(3));
            },
            row =>
            {
                long id = row.GetInt64(0);
                if (!intermediate.TryGetValue(id, out var curve)) intermediate[id] = curve = new CurveRows();
                if (curve.Revision == IntermediateCurve.UnknownRevision && !row.IsDBNull(3))
                    curve.Mark(row.GetInt64(3), Convert.ToInt32(row.GetValue(4)) != 0);
                if (!row.IsDBNull(1)) curve.Add(row.GetInt64(1), row.IsDBNull(2) ? double.NaN : row.GetDouble(2));
            },
            row => Numbered(objectiveValues, row),
            row => Numbered(constraintValues, row),
            row =>
            {
                long id = row.GetInt64(0);
                if (!attributes.TryGetValue(id, out var named)) attributes[id] = named = new Dictionary<string, object>();
                named[row.GetString(1)] = UserAttributes.FromJson(row.GetString(2));
            },
            row =>
            {
                long id = row.GetInt64(0);
                var trial = new TrialRecord
                {
                    Id = id, StudyId = row.GetInt64(1), Number = Convert.ToInt32(row.GetValue(2)),
                    State = Enum.Parse<TrialState>(row.GetString(3)),
                    Value = row.IsDBNull(4) ? null : row.GetDouble(4),
                    StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(5)),
                    FinishedAt = row.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(6)),
                    FailureReason = row.IsDBNull(7) ? null : row.GetString(7),
                    Worker = row.IsDBNull(8) ? null : row.GetString(8),
                };
                trials.Add(trial);
            },
        ], [("@key", key), .. first?.Parameters ?? [], .. filterParameters ?? []]);
        for (int i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            if (parameters.TryGetValue(trial.Id, out var p)) trial = trial with { Params = p.Values, Distributions = p.Ranges };
            if (intermediate.TryGetValue(trial.Id, out var rows))
                trial = trial with
                {
                    IntermediateValues = !rows.Whole && heldCurves is not null && heldCurves.TryGetValue(trial.Id, out var held)
                        ? held.Merged(rows.Steps, rows.Values, rows.Count, rows.Revision)
                        : rows.Count == 0 && rows.Revision == 0 ? IntermediateCurve.EmptyAtRevisionZero
                        : IntermediateCurve.Of(rows.Steps, rows.Values, rows.Count, rows.Revision),
                };
            if (attributes.TryGetValue(trial.Id, out var named)) trial = trial with { UserAttributes = named };
            if (objectiveValues.TryGetValue(trial.Id, out var values)) trial = trial with { Values = values.Values.ToArray() };
            if (constraintValues.TryGetValue(trial.Id, out var constraints)) trial = trial with { Constraints = constraints.Values.ToArray() };
            trials[i] = trial;
        }
        return trials;
    }

    /// <summary>
    /// The six reads of the trials matching <paramref name="filter"/> (alias <c>t</c>): parameters, intermediate values,
    /// objective values, constraints, user attributes (child tables through <paramref name="childRows"/>, by default
    /// <c>IN</c> the trials), then the trials by number.
    /// </summary>
    internal static string Reads(string filter, Func<string, string, string, string>? childRows = null, string? intermediateRows = null)
    {
        childRows ??= InTrials;
        // Whole curves, and each trial's curve_rewrites in a row of its own of the same statement (one snapshot with
        // the values: see NewValues). Not a join carrying the count on every value: that read 20% slower on
        // PostgreSQL at 1,000,000 values.
        intermediateRows ??= $"SELECT t.id, NULL, NULL, t.curve_rewrites, 1 FROM trials t WHERE {filter} UNION ALL " +
                             $"SELECT c.trial_id, c.step, c.value, NULL, NULL FROM trial_intermediate_values c " +
                             $"WHERE c.trial_id IN (SELECT t.id FROM trials t WHERE {filter});";
        return $"""
            {childRows("c.trial_id, c.name, c.value, c.distribution", "trial_params", filter)}
            {intermediateRows}
            {childRows("c.trial_id, c.objective, c.value", "trial_values", filter)}
            {childRows("c.trial_id, c.constraint_index, c.value", "trial_constraints", filter)}
            {childRows("c.trial_id, c.name, c.value", "trial_user_attributes", filter)}
            SELECT t.id, t.study_id, t.number, t.state, t.value, t.started_at_ms, t.finished_at_ms, t.failure_reason, t.worker FROM trials t WHERE {filter} ORDER BY t.number;
            """;
    }

    /// <summary>A row (trial id, index, value) into the trial's numbered values.</summary>
    private static void Numbered(Dictionary<long, SortedDictionary<int, double>> into, DbDataReader row)
    {
        long id = row.GetInt64(0);
        if (!into.TryGetValue(id, out var numbered)) into[id] = numbered = [];
        numbered[Convert.ToInt32(row.GetValue(1))] = row.GetDouble(2);
    }

    /// <summary>One trial's intermediate rows as read: its curve_rewrites, whether they are its whole curve, the values.</summary>
    private sealed class CurveRows
    {
        public long Revision { get; private set; } = IntermediateCurve.UnknownRevision;
        public bool Whole { get; private set; } = true;

        /// <summary>The trial's count of rewrites as read with the values, and whether the values are its whole curve.</summary>
        public void Mark(long revision, bool whole) => (Revision, Whole) = (revision, whole);

        public long[] Steps { get; private set; } = [];
        public double[] Values { get; private set; } = [];
        public int Count { get; private set; }

        public void Add(long step, double value)
        {
            if (Count == Steps.Length)
            {
                int capacity = Math.Max(4, 2 * Count);
                var (steps, values) = (Steps, Values);
                Array.Resize(ref steps, capacity);
                Array.Resize(ref values, capacity);
                (Steps, Values) = (steps, values);
            }
            Steps[Count] = step;
            Values[Count++] = value;
        }
    }
}

using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.Storage;

/// <summary>
/// Where studies and trials live. Implementations must be safe to use from many threads, and a store
/// shared by several processes must never hand out the same trial number twice within a study.
/// A finished trial cannot be changed again.
/// </summary>
public interface IStudyStore : IDisposable
{
    /// <summary>Creates a study; throws <see cref="Validation.CaviarConflictException"/> if the name is taken.</summary>
    StudyRecord CreateStudy(string name, ObjectiveDirection direction, DateTimeOffset createdAt,
        string? configuration = null);

    /// <summary>
    /// Creates a study with one direction per objective (several objectives: a multi-objective study, whose trials
    /// complete through <see cref="CompleteTrialAndRead"/>).
    /// </summary>
    StudyRecord CreateStudy(string name, IReadOnlyList<ObjectiveDirection> directions, DateTimeOffset createdAt,
        string? configuration = null);

    StudyRecord? FindStudy(string name);

    IReadOnlyList<StudyRecord> ListStudies();

    /// <summary>Starts a new Running trial with the next free number of the study.</summary>
    TrialRecord CreateTrial(long studyId, DateTimeOffset startedAt);

    /// <summary>
    /// Starts a new Running trial with the next free number and the values <paramref name="draw"/> gives for that number,
    /// both in one transaction: a process killed at any moment leaves either the trial with all its values or nothing.
    /// With <paramref name="maxTrials"/>, nothing is created (null) once the study holds that many trials.
    /// </summary>
    TrialRecord? CreateTrialWithValues(long studyId, DateTimeOffset startedAt, Func<int, IReadOnlyList<TrialParam>> draw,
        int? maxTrials = null);

    /// <summary>
    /// <see cref="CreateTrialWithValues(long, DateTimeOffset, Func{int, IReadOnlyList{TrialParam}}, int?)"/>, told the
    /// number the caller expects the trial to get (one more than the highest it has read). A store may draw the values
    /// for that number first and write trial and values in one round trip when the number is still free, as the
    /// PostgreSQL store does; otherwise (another process took it, or the study is full or gone) it does what the
    /// overload without it does, drawing again for the number the trial gets. The result is the same either way.
    /// Default: the overload without it.
    /// </summary>
    TrialRecord? CreateTrialWithValues(long studyId, DateTimeOffset startedAt, Func<int, IReadOnlyList<TrialParam>> draw,
        int? maxTrials, int expectedNumber) => CreateTrialWithValues(studyId, startedAt, draw, maxTrials);

    void SetParam(long trialId, string name, double internalValue, ParameterRange distribution);

    /// <summary>Several values at once (one transaction where the store has them).</summary>
    void SetParams(long trialId, IReadOnlyList<TrialParam> values)
    {
        foreach (var value in values) SetParam(trialId, value.Name, value.Value, value.Range);
    }

    void ReportIntermediate(long trialId, long step, double value);

    /// <summary>Sets (or overwrites) a user attribute of a Running trial; <paramref name="value"/> as <see cref="UserAttributes.Normalize"/> gives it.</summary>
    void SetUserAttribute(long trialId, string name, object value);

    /// <summary>Moves a Running trial to a final state; throws if it is already final.</summary>
    void FinishTrial(long trialId, TrialState state, double? value, DateTimeOffset finishedAt,
        string? failureReason = null);

    /// <summary>
    /// <see cref="FinishTrial"/>, then the trial as stored; stores that can do both in one round trip override it.
    /// </summary>
    TrialRecord FinishTrialAndRead(long trialId, TrialState state, double? value, DateTimeOffset finishedAt,
        string? failureReason = null)
    {
        FinishTrial(trialId, state, value, finishedAt, failureReason);
        return GetTrial(trialId);
    }

    /// <summary>
    /// A Completed trial with parameter <paramref name="values"/>, one value per objective
    /// (<paramref name="objectiveValues"/>) and its <paramref name="constraints"/> (empty when none), finished at once
    /// (<c>Study.Add</c>: a configuration evaluated elsewhere), written in one transaction where the store has them: the
    /// study never shows it Running, and a failure leaves nothing behind.
    /// </summary>
    TrialRecord AddFinishedTrial(long studyId, DateTimeOffset at, IReadOnlyList<TrialParam> values,
        IReadOnlyList<double> objectiveValues, IReadOnlyList<double> constraints)
    {
        TrialTransitions.EnsureValuesFit(objectiveValues, constraints);
        var created = CreateTrialWithValues(studyId, at, _ => values)!;
        return CompleteTrialAndRead(created.Id, objectiveValues, constraints, at);
    }

    /// <summary>
    /// Stores a Waiting trial with the next number and <paramref name="values"/> (<see cref="Studies.Study.Enqueue"/>),
    /// in one transaction; <see cref="ClaimEnqueued"/> or a worker's claim starts it later.
    /// </summary>
    TrialRecord EnqueueTrial(long studyId, DateTimeOffset at, IReadOnlyList<TrialParam> values);

    /// <summary>
    /// Takes the study's lowest-numbered Waiting trial (one no other process is taking), marks it Running from
    /// <paramref name="at"/> for the caller (no worker), and returns it; null when none waits.
    /// </summary>
    TrialRecord? ClaimEnqueued(long studyId, DateTimeOffset at);

    /// <summary>
    /// Completes a Running trial with every objective value (finite; the first is also its <see cref="TrialRecord.Value"/>)
    /// and its constraint values (may be empty), in one transaction, then returns it as stored.
    /// </summary>
    TrialRecord CompleteTrialAndRead(long trialId, IReadOnlyList<double> values, IReadOnlyList<double> constraints,
        DateTimeOffset finishedAt);

    TrialRecord GetTrial(long trialId);

    /// <summary>All trials of the study ordered by number.</summary>
    IReadOnlyList<TrialRecord> GetTrials(long studyId);

    /// <summary>
    /// The trials of the study numbered above <paramref name="afterNumber"/> or in <paramref name="numbers"/>, ordered by
    /// number: what may have changed since a reader last saw every trial up to <paramref name="afterNumber"/> and saw
    /// <paramref name="numbers"/> unfinished (a finished trial never changes). Stores that can filter in the query
    /// override it (<see cref="TrialHistoryCache"/> calls it on every ask). The cache's <paramref name="numbers"/> also
    /// carry the unfinished trials as it holds them (<see cref="HeldTrials"/>): the relational stores then read of
    /// their intermediate values only what the held curves lack, and still return whole trials.
    /// </summary>
    IReadOnlyList<TrialRecord> GetTrialsChanged(long studyId, int afterNumber, IReadOnlyCollection<int> numbers) =>
        GetTrials(studyId).Where(t => t.Number > afterNumber || numbers.Contains(t.Number)).ToList();

    /// <summary>
    /// <see cref="ReportIntermediate"/>, then <see cref="GetTrialsChanged"/> of the trial's study
    /// <paramref name="studyId"/> (which sees the value just written): what a trial reporting a value and asking its
    /// pruner needs. Stores that can send both in one round trip override it; when the value is refused (the trial is
    /// not Running), nothing is read and it throws as <see cref="ReportIntermediate"/> does.
    /// </summary>
    IReadOnlyList<TrialRecord> ReportIntermediateAndGetChanged(long trialId, long step, double value, long studyId,
        int afterNumber, IReadOnlyCollection<int> numbers)
    {
        ReportIntermediate(trialId, step, value);
        return GetTrialsChanged(studyId, afterNumber, numbers);
    }
}

using Caviar.SearchSpaces;
using Caviar.Trials;
using Caviar.Validation;

namespace Caviar.Storage;

/// <summary>A store that lives in this process only: for tests, benchmarks and throw-away studies.</summary>
public sealed partial class InMemoryStudyStore : IStudyStore
{
    private readonly object _gate = new();
    private readonly List<StudyRecord> _studies = [];
    private readonly Dictionary<long, List<TrialRecord>> _trialsByStudy = [];
    private readonly Dictionary<long, (long StudyId, int Number)> _trialIndex = [];
    private long _nextTrialId = 1;

    public StudyRecord CreateStudy(string name, ObjectiveDirection direction, DateTimeOffset createdAt,
        string? configuration = null) => CreateStudy(name, [direction], createdAt, configuration);

    public StudyRecord CreateStudy(string name, IReadOnlyList<ObjectiveDirection> directions, DateTimeOffset createdAt,
        string? configuration = null)
    {
        if (directions.Count == 0) throw new CaviarValidationException("directions", "a study needs at least one objective");
        lock (_gate)
        {
            if (_studies.Any(s => s.Name == name))
                throw new CaviarConflictException(nameof(name), $"a study named '{name}' already exists");
            var study = new StudyRecord(_studies.Count + 1, name, directions[0], createdAt, configuration)
            {
                Directions = directions.ToArray(),
            };
            _studies.Add(study);
            _trialsByStudy[study.Id] = [];
            return study;
        }
    }

    public StudyRecord? FindStudy(string name)
    {
        lock (_gate) return _studies.FirstOrDefault(s => s.Name == name);
    }

    public IReadOnlyList<StudyRecord> ListStudies()
    {
        lock (_gate) return _studies.ToArray();
    }

    public TrialRecord CreateTrial(long studyId, DateTimeOffset startedAt)
    {
        lock (_gate)
        {
            var trials = TrialsOf(studyId);
            var trial = new TrialRecord
            {
                Id = _nextTrialId++, StudyId = studyId, Number = trials.Count,
                State = TrialState.Running, StartedAt = startedAt,
            };
            trials.Add(trial);
            _trialIndex[trial.Id] = (studyId, trial.Number);
            return trial;
        }
    }

    public TrialRecord? CreateTrialWithValues(long studyId, DateTimeOffset startedAt,
        Func<int, IReadOnlyList<TrialParam>> draw, int? maxTrials = null)
    {
        lock (_gate)
        {
            var trials = TrialsOf(studyId);
            if (maxTrials is { } max && trials.Count >= max) return null;
            var values = draw(trials.Count);
            foreach (var value in values) TrialTransitions.EnsureParamFits(trials.Count, null, value.Name, value.Value, value.Range);
            var trial = CreateTrial(studyId, startedAt) with
            {
                Params = values.ToDictionary(v => v.Name, v => v.Value),
                Distributions = values.ToDictionary(v => v.Name, v => v.Range),
            };
            trials[trial.Number] = trial;
            return trial;
        }
    }

    public TrialRecord AddFinishedTrial(long studyId, DateTimeOffset at, IReadOnlyList<TrialParam> values,
        IReadOnlyList<double> objectiveValues, IReadOnlyList<double> constraints)
    {
        TrialTransitions.EnsureValuesFit(objectiveValues, constraints);
        lock (_gate)
        {
            var trial = CreateTrialWithValues(studyId, at, _ => values)! with
            {
                State = TrialState.Completed, Value = objectiveValues[0], Values = objectiveValues.ToArray(),
                Constraints = constraints.ToArray(), FinishedAt = at,
            };
            _trialsByStudy[studyId][trial.Number] = trial;
            return trial;
        }
    }

    public TrialRecord EnqueueTrial(long studyId, DateTimeOffset at, IReadOnlyList<TrialParam> values)
    {
        lock (_gate)
        {
            var trial = CreateTrialWithValues(studyId, at, _ => values)! with { State = TrialState.Waiting };
            _trialsByStudy[studyId][trial.Number] = trial;
            return trial;
        }
    }

    public TrialRecord? ClaimEnqueued(long studyId, DateTimeOffset at)
    {
        lock (_gate)
        {
            var trials = TrialsOf(studyId);
            int index = trials.FindIndex(t => t.State == TrialState.Waiting);
            if (index < 0) return null;
            return trials[index] = trials[index] with { State = TrialState.Running, StartedAt = at, Worker = null };
        }
    }

    public void SetParam(long trialId, string name, double internalValue, ParameterRange distribution) =>
        Update(trialId, "set a parameter", trial =>
        {
            TrialTransitions.EnsureParamFits(trial, name, internalValue, distribution);
            return trial with
            {
                Params = new Dictionary<string, double>(trial.Params) { [name] = internalValue },
                Distributions = new Dictionary<string, ParameterRange>(trial.Distributions) { [name] = distribution },
            };
        });

    public void ReportIntermediate(long trialId, long step, double value) =>
        Update(trialId, "report an intermediate value", trial => trial with
        {
            IntermediateValues = new SortedDictionary<long, double>(
                new Dictionary<long, double>(trial.IntermediateValues) { [step] = value }),
        });

    public void SetUserAttribute(long trialId, string name, object value) =>
        Update(trialId, "set a user attribute", trial => trial with
        {
            UserAttributes = new Dictionary<string, object>(trial.UserAttributes) { [name] = UserAttributes.Normalize(name, value) },
        });

    public void FinishTrial(long trialId, TrialState state, double? value, DateTimeOffset finishedAt,
        string? failureReason = null)
    {
        TrialTransitions.EnsureFinalState(state);
        TrialTransitions.EnsureValueFits(state, value);
        Update(trialId, $"finish as {state}", trial => trial with
        {
            State = state, Value = value, FinishedAt = finishedAt, FailureReason = failureReason,
        });
    }

    public TrialRecord CompleteTrialAndRead(long trialId, IReadOnlyList<double> values, IReadOnlyList<double> constraints,
        DateTimeOffset finishedAt)
    {
        TrialTransitions.EnsureValuesFit(values, constraints);
        Update(trialId, "finish as Completed", trial => trial with
        {
            State = TrialState.Completed, Value = values[0], Values = values.ToArray(), Constraints = constraints.ToArray(),
            FinishedAt = finishedAt,
        });
        return GetTrial(trialId);
    }

    public TrialRecord GetTrial(long trialId)
    {
        lock (_gate)
        {
            var (studyId, number) = Locate(trialId);
            return _trialsByStudy[studyId][number];
        }
    }

    public IReadOnlyList<TrialRecord> GetTrials(long studyId)
    {
        lock (_gate) return TrialsOf(studyId).ToArray();
    }

    /// <summary>Only the trials asked for, without copying the study's whole list (asks call this every time).</summary>
    public IReadOnlyList<TrialRecord> GetTrialsChanged(long studyId, int afterNumber, IReadOnlyCollection<int> numbers)
    {
        lock (_gate)
        {
            var trials = TrialsOf(studyId);
            var changed = new List<TrialRecord>(numbers.Count + Math.Max(0, trials.Count - afterNumber - 1));
            foreach (int number in numbers.Where(n => n >= 0 && n <= afterNumber && n < trials.Count).Order())
                changed.Add(trials[number]);
            for (int number = Math.Max(0, afterNumber + 1); number < trials.Count; number++) changed.Add(trials[number]);
            return changed;
        }
    }

    public void Dispose() { }

    private void Update(long trialId, string action, Func<TrialRecord, TrialRecord> change)
    {
        lock (_gate)
        {
            var (studyId, number) = Locate(trialId);
            var trials = _trialsByStudy[studyId];
            TrialTransitions.EnsureRunning(trials[number], action);
            trials[number] = change(trials[number]);
        }
    }

    private (long StudyId, int Number) Locate(long trialId) =>
        _trialIndex.TryGetValue(trialId, out var where)
            ? where
            : throw new KeyNotFoundException($"No trial with id {trialId}.");

    private List<TrialRecord> TrialsOf(long studyId) =>
        _trialsByStudy.TryGetValue(studyId, out var trials)
            ? trials
            : throw new KeyNotFoundException($"No study with id {studyId}.");
}

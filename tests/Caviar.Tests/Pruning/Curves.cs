using Caviar.Trials;

namespace Caviar.Tests.Pruning;

/// <summary>Builds trials with given learning curves.</summary>
internal static class Curves
{
    private static long _nextId = 1000;

    public static TrialRecord Trial(int number, TrialState state, params double[] valuesByStep) => new()
    {
        Id = Interlocked.Increment(ref _nextId), StudyId = 1, Number = number, State = state,
        StartedAt = DateTimeOffset.UnixEpoch,
        Value = state == TrialState.Completed ? valuesByStep[^1] : null,
        IntermediateValues = new SortedDictionary<long, double>(
            valuesByStep.Select((v, i) => (Step: (long)(i + 1), v)).ToDictionary(p => p.Step, p => p.v)),
    };
}

using Caviar.Trials;

namespace Caviar.Storage;

public sealed partial class InMemoryStudyStore : IAskKeys
{
    public TrialRecord AskOnce(long studyId, string key, DateTimeOffset startedAt, Func<int, IReadOnlyList<TrialParam>> draw)
    {
        var stored = UserAttributes.Normalize(IAskKeys.AttributeName, key);
        lock (_gate)
        {
            if (TrialsOf(studyId).FirstOrDefault(t => t.State == TrialState.Running
                    && t.UserAttributes.TryGetValue(IAskKeys.AttributeName, out var held) && Equals(held, stored)) is { } found)
                return found;
            var trial = CreateTrialWithValues(studyId, startedAt, draw)!;
            SetUserAttribute(trial.Id, IAskKeys.AttributeName, stored);
            return TrialsOf(studyId)[trial.Number];
        }
    }
}

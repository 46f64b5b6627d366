using Caviar.Trials;

namespace Caviar.Storage.Relational;

public abstract partial class RelationalStudyStore : IAskKeys
{
    public TrialRecord AskOnce(long studyId, string key, DateTimeOffset startedAt, Func<int, IReadOnlyList<TrialParam>> draw)
    {
        string json = UserAttributes.ToJson(UserAttributes.Normalize(IAskKeys.AttributeName, key));
        return Write(transaction =>
        {
            // The numbering lock first (PostgreSQL: the study's advisory lock; SQLite's write transaction already holds
            // the file), so a second request with the same key waits here and then finds the first one's trial.
            Sql.Execute(_connection, transaction, _dialect.NumberingLock + " SELECT 1", ("@study", studyId));
            if (Sql.Scalar(_connection, transaction, """
                    SELECT t.id FROM trials t JOIN trial_user_attributes a ON a.trial_id = t.id AND a.name = @name
                    WHERE t.study_id = @study AND t.state = 'Running' AND a.value = @key
                    """, ("@study", studyId), ("@name", IAskKeys.AttributeName), ("@key", json)) is { } found)
                return RelationalTrialReader.One(_connection, transaction, Convert.ToInt64(found));
            var trial = InsertTrial(transaction, "", studyId, startedAt, worker: null, maxTrials: null, studyMustExist: true)
                ?? throw new KeyNotFoundException($"No study with id {studyId}.");
            var values = draw(trial.Number);
            foreach (var value in values) TrialTransitions.EnsureParamFits(trial.Number, null, value.Name, value.Value, value.Range);
            InsertParams(transaction, trial.Id, values);
            Sql.Execute(_connection, transaction,
                "INSERT INTO trial_user_attributes (trial_id, name, value) VALUES (@t, @n, @v)",
                ("@t", trial.Id), ("@n", IAskKeys.AttributeName), ("@v", json));
            return RelationalTrialReader.One(_connection, transaction, trial.Id);
        });
    }
}

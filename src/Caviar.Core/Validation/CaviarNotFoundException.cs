namespace Caviar.Validation;

/// <summary>
/// What the input names does not exist (a study, a job, an endpoint): the API answers 404; the command line prints
/// <c>error: FIELD: REASON</c> and exits 2 like any refusal.
/// </summary>
public sealed class CaviarNotFoundException(string field, string reason) : CaviarValidationException(field, reason)
{
    public override CaviarValidationException WithFields(Func<string, string> rename) =>
        new CaviarNotFoundException(rename(Field), Reason);
}

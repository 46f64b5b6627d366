namespace Caviar.Validation;

/// <summary>
/// The input is well formed but clashes with what exists (a study or job of that name already exists): the API
/// answers 409; the command line prints <c>error: FIELD: REASON</c> and exits 2 like any refusal.
/// </summary>
public sealed class CaviarConflictException(string field, string reason) : CaviarValidationException(field, reason)
{
    public override CaviarValidationException WithFields(Func<string, string> rename) =>
        new CaviarConflictException(rename(Field), Reason);
}

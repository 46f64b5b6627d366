namespace Caviar.Validation;

/// <summary>
/// Collects the refusals of many independent checks so that all of a spec's bad fields are reported at once:
/// <see cref="Check"/> runs one check and records what it refuses instead of stopping there; <see cref="ThrowIfAny"/>
/// then throws one <see cref="CaviarValidationException"/> listing them all, in the order the checks ran. A check
/// whose result later checks need (<see cref="Check{T}"/>) returns default when refused, and those are skipped.
/// </summary>
public sealed class ValidationErrors
{
    private readonly List<ValidationError> _errors = [];
    private CaviarValidationException? _single;

    public bool Any => _errors.Count > 0;

    public int Count => _errors.Count;

    public void Add(string field, string reason) => Record(new CaviarValidationException(field, reason));

    /// <summary>Runs <paramref name="check"/>; a refusal is recorded. Returns whether it passed.</summary>
    public bool Check(Action check)
    {
        try
        {
            check();
            return true;
        }
        catch (CaviarValidationException refused)
        {
            Record(refused);
            return false;
        }
    }

    /// <summary>Runs <paramref name="build"/>; a refusal is recorded and default returned.</summary>
    public T? Check<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (CaviarValidationException refused)
        {
            Record(refused);
            return default;
        }
    }

    /// <summary>Throws the refusals collected so far, if any: a single one as it was thrown (its kind kept), several as one list.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count == 0) return;
        throw _errors.Count == 1 && _single is not null ? _single : new CaviarValidationException([.. _errors]);
    }

    private void Record(CaviarValidationException refused)
    {
        _single = _errors.Count == 0 ? refused : null;
        _errors.AddRange(refused.Errors);
    }
}

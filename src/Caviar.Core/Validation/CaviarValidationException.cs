namespace Caviar.Validation;

/// <summary>
/// Raised for bad user input. <see cref="Errors"/> lists every refused field with its reason (a spec is checked
/// completely, so all of its bad fields are reported at once); <see cref="Field"/> and <see cref="Reason"/> are the
/// first. A field is a JSON path such as <c>hyperParameterRanges[2].minValue</c>, a command-line flag, or, where the
/// core refuses an argument of its own, the argument's name (the spec layer renames those to its paths).
/// Two kinds say more than "bad input": <see cref="CaviarNotFoundException"/> and <see cref="CaviarConflictException"/>.
/// </summary>
public class CaviarValidationException : Exception
{
    public CaviarValidationException(string field, string reason) : this([new ValidationError(field, reason)])
    {
    }

    /// <param name="errors">At least one refused field.</param>
    public CaviarValidationException(IReadOnlyList<ValidationError> errors) : base(MessageOf(errors))
    {
        Errors = errors;
    }

    /// <summary>Every refused field, in the order the checks ran.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>The first refused field.</summary>
    public string Field => Errors[0].Field;

    /// <summary>Why the first field was refused.</summary>
    public string Reason => Errors[0].Reason;

    /// <summary>The same refusal (same kind) with every field renamed by <paramref name="rename"/>.</summary>
    public virtual CaviarValidationException WithFields(Func<string, string> rename) =>
        new(Errors.Select(e => e with { Field = rename(e.Field) }).ToList());

    private static string MessageOf(IReadOnlyList<ValidationError> errors)
    {
        if (errors.Count == 0) throw new ArgumentException("a validation error needs at least one field", nameof(errors));
        return string.Join(Environment.NewLine, errors.Select(e => $"{e.Field}: {e.Reason}"));
    }
}

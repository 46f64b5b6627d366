namespace Caviar.Validation;

/// <summary>One refused field and why: what the command line prints as <c>error: FIELD: REASON</c>.</summary>
public sealed record ValidationError(string Field, string Reason);

using Caviar.SearchSpaces;

namespace Caviar.Storage;

/// <summary>One drawn hyperparameter: its internal value and the range it was drawn from.</summary>
public readonly record struct TrialParam(string Name, double Value, ParameterRange Range);

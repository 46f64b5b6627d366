namespace Caviar.BuiltIns;

/// <summary>What values a built-in algorithm's hyperparameter takes.</summary>
public enum HyperParameterType
{
    /// <summary>A whole number (a JSON number or a numeric string) within the declared bounds.</summary>
    Integer,
    /// <summary>A real number (a JSON number or a numeric string) within the declared bounds.</summary>
    Continuous,
    /// <summary>One of the declared values (a string).</summary>
    Categorical,
    /// <summary>true or false (a JSON boolean, the strings "true"/"false", or the JSON numbers 0/1).</summary>
    Boolean,
    /// <summary>A comma-separated list of positive integers such as "256,128"; "" or "none" for an empty list.</summary>
    IntegerList,
    /// <summary>Free text, such as a column name.</summary>
    Text,
}

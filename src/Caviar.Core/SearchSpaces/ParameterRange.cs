using System.Text.Json.Serialization;

namespace Caviar.SearchSpaces;

/// <summary>
/// One hyperparameter's range. Every range maps its values to an internal number: the value itself for
/// numeric ranges, the index of the choice for categorical ones. Strategies work in the unit cube
/// through <see cref="ToUnit"/> and <see cref="FromUnit"/>, where the range's scaling is applied.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ContinuousRange), "continuous")]
[JsonDerivedType(typeof(IntegerRange), "integer")]
[JsonDerivedType(typeof(CategoricalRange), "categorical")]
public abstract record ParameterRange(string Name)
{
    /// <summary>Maps an internal value to [0, 1] under the range's scaling.</summary>
    public abstract double ToUnit(double internalValue);

    /// <summary>Maps a point of [0, 1] to a valid internal value (rounded for integers and choices).</summary>
    public abstract double FromUnit(double unit);

    /// <summary>Whether an internal value lies in the range (used when telling or enqueuing values).</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>The user-facing value: double, long or string.</summary>
    public abstract object ToExternal(double internalValue);

    /// <summary>The internal value for a user-facing value; throws naming the parameter if it does not fit.</summary>
    public abstract double ToInternal(object externalValue);

    /// <summary>The internal value of point <paramref name="index"/> (0 … <see cref="Cardinality"/> − 1) of a countable range.</summary>
    public virtual double ValueAt(long index) => index;

    /// <summary>Number of distinct values, or null when the range is continuous.</summary>
    public abstract long? Cardinality { get; }

    /// <summary>Throws <see cref="Validation.CaviarValidationException"/> naming <paramref name="field"/> if the range is invalid.</summary>
    public abstract void Validate(string field);
}

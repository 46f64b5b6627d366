using Caviar.SearchSpaces;

namespace Caviar.Strategies;

/// <summary>
/// Proposes hyperparameter values. A strategy may propose a whole point at once for a known space
/// (<see cref="ProposeJoint"/>, used by ask-with-space and by define-by-run once the space is known from
/// history), and must be able to propose a single value for a range it meets for the first time.
/// Values are internal values (see <see cref="ParameterRange"/>).
/// </summary>
public interface ISearchStrategy
{
    /// <summary>Short name shown in tables and stored with the study: "random", "grid", "tpe", "gp", "nsga2".</summary>
    string Name { get; }

    /// <summary>A joint proposal for some or all of <paramref name="space"/>; may be empty.</summary>
    IReadOnlyDictionary<string, double> ProposeJoint(StrategyContext context, SearchSpace space);

    /// <summary>A value for one range on its own.</summary>
    double ProposeOne(StrategyContext context, ParameterRange range);

    /// <summary>Whether the strategy can search a study with several objectives; default false.</summary>
    bool SupportsMultipleObjectives => false;

    /// <summary>Whether proposals depend on other trials; when not, asking skips reading the study's history.</summary>
    bool UsesHistory => true;

    /// <summary>
    /// The most trials this strategy can usefully run over <paramref name="space"/> (the grid size for Grid),
    /// or null when it has no limit of its own.
    /// </summary>
    long? InherentTrialLimit(SearchSpace space) => null;
}

using Caviar.SearchSpaces;
using Caviar.Strategies.Gp;

namespace Caviar.Strategies;

/// <summary>
/// Picks a strategy from the space and the trial budget, for users who do not know which to choose
/// (<see cref="Choose"/> is the rule; bench/README.md has the benchmark it rests on). Each joint proposal follows the
/// rule for the space it is asked about; a range met on its own (define-by-run, before the space is known) goes to TPE.
/// </summary>
public sealed class AutoStrategy(int? budget = null) : ISearchStrategy
{
    /// <summary>Budgets up to this many trials go to the GP when the space is numeric. Default rule constant: 150.</summary>
    public const int GpMaxBudget = 150;

    /// <summary>Most numeric ranges for the GP (its model grows weak and slow beyond). Rule constant: 10.</summary>
    public const int GpMaxDimensions = 10;

    private readonly TpeStrategy _tpe = new();
    private readonly GpStrategy _gp = new();
    private readonly CmaEsStrategy _cmaEs = new();

    public string Name => "auto";

    /// <summary>The trial budget the rule assumes: the run's maxTrials; null when unknown (a runtime limit only).</summary>
    public int? Budget { get; } = budget;

    /// <summary>
    /// The rule: a space with a categorical range, or with fewer than two numeric ranges, gets TPE (it models choices
    /// and single ranges natively); a numeric space of at most <see cref="GpMaxDimensions"/> ranges with a known
    /// budget of at most <see cref="GpMaxBudget"/> trials gets the GP (sample-efficient while its cubic cost is small);
    /// any other numeric space — more trials, an unknown budget, or more ranges — gets CMA-ES.
    /// </summary>
    public static string Choose(SearchSpace space, int? budget)
    {
        int numeric = space.Ranges.Count(r => r is not CategoricalRange);
        if (numeric < 2 || numeric < space.Count) return "tpe";
        if (budget is { } trials && trials <= GpMaxBudget && numeric <= GpMaxDimensions) return "gp";
        return "cmaes";
    }

    public IReadOnlyDictionary<string, double> ProposeJoint(StrategyContext context, SearchSpace space) =>
        Chosen(space).ProposeJoint(context, space);

    public double ProposeOne(StrategyContext context, ParameterRange range) => _tpe.ProposeOne(context, range);

    private ISearchStrategy Chosen(SearchSpace space) => Choose(space, Budget) switch
    {
        "gp" => _gp,
        "cmaes" => _cmaEs,
        _ => _tpe,
    };
}

using Caviar.Jobs.Tuning;
using Caviar.SearchSpaces;
using Caviar.Studies;

namespace Caviar.Server.AskTell;

/// <summary>An ask/tell study: the stored study with the strategy and pruner of its stored spec's plan.</summary>
internal sealed record AskTellStudy(Study Study, TuningPlan Plan)
{
    /// <summary>The ranges each asked trial gets values for.</summary>
    public SearchSpace Space => Plan.Space;
}

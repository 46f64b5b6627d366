using Caviar.Pbt;
using Caviar.Storage;
using Caviar.Validation;

namespace Caviar.Server.Live;

/// <summary>
/// GET /api/tuning-jobs/{name}/pbt-lineage: a population-based training study's stored lineage
/// (<see cref="IPbtLineageStore.GetPbtLineage"/>): the population size, the number of rounds, the hyperparameters'
/// names (as the entries give them, first seen first) and every entry (member, round, the member it copied before the
/// round or null, its hyperparameters and score), by round, then member. A study without lineage (not PBT, or PBT
/// before its first round was decided) is 404, naming the study.
/// </summary>
internal static class PbtLineageView
{
    public static object Of(IStudyStore store, StudyRecord study)
    {
        var lineage = store is IPbtLineageStore kept ? kept.GetPbtLineage(study.Id) : [];
        if (lineage.Count == 0)
            throw new CaviarNotFoundException("name", $"tuning job '{study.Name}' has no PBT lineage");
        return new
        {
            populationSize = lineage.Max(e => e.Member) + 1,
            rounds = lineage.Max(e => e.Round) + 1,
            hyperParameters = lineage.SelectMany(e => e.HyperParameters.Keys).Distinct(StringComparer.Ordinal).ToList(),
            entries = lineage.Select(e => new
            {
                member = e.Member, round = e.Round, parentMember = e.ParentMember, hyperParameters = e.HyperParameters, score = e.Score,
            }).ToList(),
        };
    }
}

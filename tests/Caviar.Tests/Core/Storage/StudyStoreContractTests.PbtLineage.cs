using Caviar.Pbt;
using Caviar.Trials;

namespace Caviar.Tests.Storage;

/// <summary>Population-based training's lineage in every store: rounds written once, scores set later, typed values.</summary>
public abstract partial class StudyStoreContractTests
{
    private IPbtLineageStore Lineage => Assert.IsAssignableFrom<IPbtLineageStore>(Store);

    [Fact]
    public void The_pbt_lineage_keeps_each_rounds_entries_once_with_typed_values_and_later_scores()
    {
        var study = Store.CreateStudy("pbt", ObjectiveDirection.Maximize, T0);
        var other = Store.CreateStudy("pbt-other", ObjectiveDirection.Maximize, T0);
        var round0 = new[]
        {
            new PbtLineageEntry(0, 0, null, new Dictionary<string, object> { ["lr"] = 0.01, ["units"] = 32L, ["opt"] = "adam", ["bn"] = true }),
            new PbtLineageEntry(1, 0, null, new Dictionary<string, object> { ["lr"] = 2.0, ["units"] = 64L, ["opt"] = "sgd", ["bn"] = false }),
        };
        Lineage.AddPbtEntries(study.Id, round0);
        Lineage.AddPbtEntries(other.Id, [round0[0]]);
        Lineage.SetPbtScore(study.Id, 0, 0, 0.5);
        Lineage.SetPbtScore(study.Id, 1, 0, 0.75);
        // Round 1: member 0 copies member 1. Written again (a resumed run), the stored entries win.
        var round1 = new[]
        {
            new PbtLineageEntry(0, 1, 1, new Dictionary<string, object> { ["lr"] = 2.4, ["units"] = 77L, ["opt"] = "sgd", ["bn"] = false }),
            new PbtLineageEntry(1, 1, null, round0[1].HyperParameters),
        };
        Lineage.AddPbtEntries(study.Id, round1);
        Lineage.AddPbtEntries(study.Id, [round1[0] with { ParentMember = null, HyperParameters = round0[0].HyperParameters }]);
        Lineage.AddPbtEntries(study.Id, [round0[0] with { Score = 99 }]);

        var stored = Lineage.GetPbtLineage(study.Id);
        Assert.Equal([(0, 0, null), (1, 0, null), (0, 1, 1), (1, 1, null)],
            stored.Select(e => (e.Member, e.Round, e.ParentMember)).ToArray<(int, int, int?)>());
        Assert.Equal([0.5, 0.75, null, null], stored.Select(e => e.Score));
        Assert.Equal(round1[0].HyperParameters, stored[2].HyperParameters);
        Assert.IsType<double>(stored[1].HyperParameters["lr"]);        // a whole double stays a double
        Assert.IsType<long>(stored[1].HyperParameters["units"]);
        Assert.Equal(true, stored[0].HyperParameters["bn"]);
        Assert.Single(Lineage.GetPbtLineage(other.Id));
        Lineage.SetPbtScore(study.Id, 0, 1, null);
        Assert.Throws<KeyNotFoundException>(() => Lineage.SetPbtScore(study.Id, 5, 1, 1.0));
    }
}

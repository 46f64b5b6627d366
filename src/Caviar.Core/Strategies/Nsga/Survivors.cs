using Caviar.MultiObjective;

namespace Caviar.Strategies.Nsga;

/// <summary>A trial of a parent population: its cube point, losses, violation, and where NSGA-II ranked it.</summary>
internal sealed record Member(int Number, double[] Point, double[] Losses, double Violation)
{
    public int Rank { get; set; }
    public double Crowding { get; set; }

    /// <summary>Binary tournament: the lower rank wins, then the lonelier (larger crowding distance).</summary>
    public bool BeatsInTournament(Member other) =>
        Rank != other.Rank ? Rank < other.Rank : Crowding > other.Crowding;
}

/// <summary>
/// NSGA-II's elitist survival: candidates are sorted into fronts by constrained dominance (feasible first, then by
/// violation), whole fronts survive while they fit, and the front that does not fit keeps its members of largest
/// crowding distance (ties: lower trial number).
/// </summary>
internal static class Survivors
{
    public static List<Member> Select(List<Member> candidates, int size)
    {
        var ranks = NonDominatedSorting.Ranks(candidates.Select(c => (IReadOnlyList<double>)c.Losses).ToList(),
            candidates.Select(c => c.Violation).ToList());
        var survivors = new List<Member>(size);
        foreach (var front in candidates.Select((c, i) => (c, rank: ranks[i])).GroupBy(x => x.rank).OrderBy(g => g.Key))
        {
            var members = front.Select(x => x.c).ToList();
            var crowding = CrowdingDistance.Compute(members.Select(m => (IReadOnlyList<double>)m.Losses).ToList());
            for (int i = 0; i < members.Count; i++)
            {
                members[i].Rank = front.Key;
                members[i].Crowding = crowding[i];
            }
            if (survivors.Count + members.Count <= size)
            {
                survivors.AddRange(members);
                if (survivors.Count == size) break;
                continue;
            }
            survivors.AddRange(members.OrderByDescending(m => m.Crowding).ThenBy(m => m.Number).Take(size - survivors.Count));
            break;
        }
        return survivors;
    }
}

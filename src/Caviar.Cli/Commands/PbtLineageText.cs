using System.Globalization;
using Caviar.Pbt;

namespace Caviar.Cli.Commands;

/// <summary>
/// A PBT study's lineage as <c>caviar describe</c> prints it: each member's schedule, one line per round (the round,
/// the member whose checkpoint it copied, the values it trained with, its score).
/// </summary>
internal static class PbtLineageText
{
    public static void Write(IReadOnlyList<PbtLineageEntry> lineage, TextWriter output)
    {
        if (lineage.Count == 0) return;
        output.WriteLine($"PBT lineage ({lineage.Select(e => e.Member).Distinct().Count()} members, {lineage.Max(e => e.Round) + 1} rounds):");
        foreach (var member in lineage.GroupBy(e => e.Member).OrderBy(g => g.Key))
        {
            output.WriteLine($"  member {member.Key}:");
            foreach (var e in member.OrderBy(e => e.Round))
            {
                string from = e.ParentMember is { } parent ? $"copied from member {parent}" : e.Round == 0 ? "start" : "own checkpoint";
                string values = string.Join(" ", e.HyperParameters.Select(p => $"{p.Key}={Text(p.Value)}"));
                string score = e.Score is { } s ? s.ToString("G6", CultureInfo.InvariantCulture) : "-";
                output.WriteLine($"    round {e.Round}: {from}; {values}; score {score}");
            }
        }
    }

    private static string Text(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        _ => Caviar.SearchSpaces.CategoricalRange.Text(value),
    };
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Caviar.Jobs.Layout;

/// <summary>
/// A job's logs by attempt, for one rank: attempt-N.log of a one-process job, or attempt-N.rank-R.log of a job
/// with ranks (rank 0's is the one metrics are read from).
/// </summary>
internal static partial class AttemptLogs
{
    public static IReadOnlyList<(string File, int Number)> Of(JobDirectory job, int rank)
    {
        if (!Directory.Exists(job.LogDirectory)) return [];
        var logs = new List<(string, int)>();
        foreach (var file in Directory.GetFiles(job.LogDirectory))
        {
            var match = LogName().Match(Path.GetFileName(file));
            if (!match.Success) continue;
            int fileRank = match.Groups["rank"].Success ? int.Parse(match.Groups["rank"].Value, CultureInfo.InvariantCulture) : 0;
            if (fileRank == rank) logs.Add((file, int.Parse(match.Groups["attempt"].Value, CultureInfo.InvariantCulture)));
        }
        return logs.OrderBy(l => l.Item2).ToList();
    }

    [GeneratedRegex(@"^attempt-(?<attempt>\d+)(\.rank-(?<rank>\d+))?\.log$")]
    private static partial Regex LogName();
}

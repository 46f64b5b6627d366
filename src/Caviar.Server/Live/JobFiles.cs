using Caviar.Jobs.Layout;
using Caviar.Server.Security;

namespace Caviar.Server.Live;

/// <summary>
/// The files of a job that can be downloaded: everything under its model/, checkpoints/, output/ and logs/ folders,
/// named by their path relative to the job folder. A requested path must name one of those files after links are
/// followed (no <c>..</c>, no link out of the job folder), or it is not found.
/// </summary>
internal static class JobFiles
{
    /// <summary>The folders listed, relative to the job folder.</summary>
    public static readonly string[] Folders = ["model", "checkpoints", "output", "logs"];

    /// <summary>At most this many files are listed: 500.</summary>
    public const int MaxListed = 500;

    public sealed record Entry(string Path, long Bytes);

    public static IReadOnlyList<Entry> List(JobDirectory job)
    {
        var found = new List<Entry>();
        foreach (string folder in Folders)
        {
            string dir = Path.Combine(job.Root, folder);
            if (!Directory.Exists(dir)) continue;
            foreach (string file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (found.Count == MaxListed) return found;
                if (Open(job, Path.GetRelativePath(job.Root, file)) is not { } info) continue;
                found.Add(new Entry(Path.GetRelativePath(job.Root, file).Replace('\\', '/'), info.Length));
            }
        }
        return found;
    }

    /// <summary>The file named by <paramref name="relative"/> when it is one that may be downloaded, else null.</summary>
    public static FileInfo? Open(JobDirectory job, string relative)
    {
        if (string.IsNullOrEmpty(relative) || Path.IsPathRooted(relative)) return null;
        var parts = relative.Split(['/', '\\']);
        if (parts.Length < 2 || !Folders.Contains(parts[0]) || parts.Any(p => p is "" or "." or "..")) return null;
        try
        {
            string root = RealPath.Resolve(job.Root, "/");
            string real = RealPath.Resolve(Path.Combine(job.Root, relative), "/");
            if (real == root || !RealPath.IsWithin(real, root)) return null;
            var info = new FileInfo(real);
            return info.Exists ? info : null;
        }
        catch (IOException) { return null; }
    }
}

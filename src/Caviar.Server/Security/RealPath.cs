namespace Caviar.Server.Security;

/// <summary>
/// A path as the kernel would open it (like realpath(3)): symbolic links followed and <c>.</c>/<c>..</c> applied in
/// order, so <c>root/link/..</c> is the parent of the link's target, not <c>root</c>. Components that do not exist yet
/// (a checkpoint folder to be created) are appended as written.
/// </summary>
internal static class RealPath
{
    /// <summary>Links followed before giving up, as Linux's ELOOP limit.</summary>
    public const int MaxLinks = 40;

    public static string Resolve(string path, string baseDirectory)
    {
        string start = Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);
        string current = Path.GetPathRoot(start)!;
        var pending = new Queue<string>(Components(start));
        int links = 0;
        while (pending.TryDequeue(out var name))
        {
            if (name == ".") continue;
            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;   // the root's parent is the root
                continue;
            }
            string next = Path.Combine(current, name);
            string? target = new FileInfo(next).LinkTarget;   // null for a missing path or one that is no link
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"too many levels of symbolic links at '{next}'");
            string followed = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
            pending = new Queue<string>(Components(followed).Concat(pending));
            current = Path.GetPathRoot(followed)!;
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or inside it (both already resolved).</summary>
    public static bool IsWithin(string path, string root)
    {
        string prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path == root || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Components(string path) =>
        path[Path.GetPathRoot(path)!.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}

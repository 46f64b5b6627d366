using System.Runtime.InteropServices;

namespace Caviar.Jobs.Pbt;

/// <summary>
/// Copies a checkpoint folder so that a process killed at any moment leaves either the whole copy or none: the files go
/// to <c>DEST.partial</c>, each is flushed to disk (fsync), then the folder is renamed to <c>DEST</c>. A destination that
/// exists is a finished copy and is never copied again; a leftover <c>.partial</c> is an unfinished one and is
/// started over.
/// </summary>
internal static partial class CheckpointCopy
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> unless that exists; true when it copied.</summary>
    public static bool Ensure(string source, string destination)
    {
        if (Directory.Exists(destination)) return false;
        string partial = destination + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(partial);
        if (Directory.Exists(source)) CopyTree(source, partial);
        FlushDirectory(partial);
        Directory.Move(partial, destination);
        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        return true;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (string dir in Directory.GetDirectories(from))
        {
            string target = Path.Combine(to, Path.GetFileName(dir));
            Directory.CreateDirectory(target);
            CopyTree(dir, target);
            FlushDirectory(target);
        }
        foreach (string file in Directory.GetFiles(from))
        {
            string target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);
            using var written = new FileStream(target, FileMode.Open, FileAccess.ReadWrite);
            written.Flush(flushToDisk: true);
        }
    }

    /// <summary>fsync of a folder (open(2) + fsync(2): .NET opens no folder as a file), so the names in it, the rename included, are on disk.</summary>
    private static void FlushDirectory(string path)
    {
        if (!OperatingSystem.IsLinux()) return;
        int descriptor = Open(path, 0 /* O_RDONLY */);
        if (descriptor < 0) return;
        try { _ = Fsync(descriptor); }
        finally { _ = Close(descriptor); }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}

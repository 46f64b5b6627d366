using System.Diagnostics;

namespace Caviar.Tests.Support;

/// <summary>A small tmpfs mounted for one test (a disk that fills up for real), unmounted and removed afterwards. Needs root.</summary>
public sealed class Tmpfs : IDisposable
{
    public Tmpfs(string path, int kibibytes)
    {
        Path = path;
        Directory.CreateDirectory(path);
        string error = Run("mount", "-t", "tmpfs", "-o", $"size={kibibytes}k", "tmpfs", path);
        if (error.Length > 0) throw new InvalidOperationException($"cannot mount a tmpfs at {path}: {error}");
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Why a tmpfs cannot be mounted here (not root, no mount permission in this container), or null when it can.</summary>
    public static readonly string? Unavailable = Probe();

    private static string? Probe()
    {
        string probe = Directory.CreateTempSubdirectory("caviar-tmpfs-probe-").FullName;
        try
        {
            string error = Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe);
            if (error.Length > 0) return $"skipped: mounting a tmpfs is not permitted here ({error.Trim()}); run the tests as root";
            Run("umount", probe);
            return null;
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            return $"skipped: no mount command ({missing.Message})";
        }
        finally
        {
            try { Directory.Delete(probe); } catch (IOException) { }
        }
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? "" : $"exit {process.ExitCode}: {error}";
    }
}

/// <summary>A fact that needs <see cref="Tmpfs"/>; skipped, saying why, where a tmpfs cannot be mounted.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable is { } reason) Skip = reason;
    }
}

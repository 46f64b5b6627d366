using Caviar.Jobs.Launching;

namespace Caviar.Jobs.Tuning;

/// <summary>
/// Files through which other processes talk to a running tuning job (artifacts/tuning/NAME/). <paramref name="clock"/>
/// dates stop requests (default the system clock).
/// </summary>
public sealed class TuningControl(string artifactsRoot, string tuningJob, TimeProvider? clock = null)
{
    public string Directory { get; } = Path.Combine(Path.GetFullPath(artifactsRoot), "tuning", tuningJob);

    /// <summary>Present while a stop was asked for and not yet carried out.</summary>
    public string StopRequestFile => Path.Combine(Directory, "stop-requested");

    /// <summary>The process id of the tuning process watching for stop requests, while it runs.</summary>
    public string ListenerFile => Path.Combine(Directory, "listener.pid");

    public void RequestStop()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(StopRequestFile, (clock ?? TimeProvider.System).GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    public bool StopRequested => File.Exists(StopRequestFile);

    public void ClearStopRequest()
    {
        if (File.Exists(StopRequestFile)) File.Delete(StopRequestFile);
    }

    /// <summary>The folders <see cref="StartListening"/> made (innermost first), removed again if still empty.</summary>
    private readonly List<string> _made = [];

    /// <summary>Says that this process watches for stop requests (until <see cref="StopListening"/>).</summary>
    public void StartListening()
    {
        for (var folder = new DirectoryInfo(Directory); folder is { Exists: false }; folder = folder.Parent)
            _made.Add(folder.FullName);
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(ListenerFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Ends <see cref="StartListening"/>: its file goes, and so do the folders it made that nothing else was written
    /// to (a tuning job of a function writes nothing else, and left an empty artifacts/tuning/NAME behind).
    /// </summary>
    public void StopListening()
    {
        if (File.Exists(ListenerFile) && File.ReadAllText(ListenerFile).Trim() ==
            Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            File.Delete(ListenerFile);
        foreach (string folder in _made)
        {
            if (!System.IO.Directory.Exists(folder) || System.IO.Directory.EnumerateFileSystemEntries(folder).Any()) break;
            try { System.IO.Directory.Delete(folder); }
            catch (IOException) { break; }   // something was written there meanwhile
        }
        _made.Clear();
    }

    /// <summary>Whether a live process watches for stop requests of this tuning job.</summary>
    public bool HasListener =>
        File.Exists(ListenerFile) && int.TryParse(File.ReadAllText(ListenerFile).Trim(), out int pid) &&
        ProcessLiveness.IsAlive(pid, "");
}

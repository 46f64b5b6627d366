namespace Caviar.Jobs.Tuning;

/// <summary>Files through which other processes talk to a running tuning job (artifacts/tuning/NAME/).</summary>
public sealed class TuningControl(string artifactsRoot, string tuningJob)
{
    public string Directory { get; } = Path.Combine(Path.GetFullPath(artifactsRoot), "tuning", tuningJob);

    /// <summary>Present while a stop was asked for and not yet carried out.</summary>
    public string StopRequestFile => Path.Combine(Directory, "stop-requested");

    public void RequestStop()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(StopRequestFile, DateTimeOffset.UtcNow.ToString("O"));
    }

    public bool StopRequested => File.Exists(StopRequestFile);

    public void ClearStopRequest()
    {
        if (File.Exists(StopRequestFile)) File.Delete(StopRequestFile);
    }
}

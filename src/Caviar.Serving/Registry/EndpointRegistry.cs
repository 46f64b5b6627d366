using System.Text.Json;
using Caviar.Jobs.Launching;

namespace Caviar.Serving.Registry;

/// <summary>
/// The endpoints running from one artifacts folder: one JSON file each, written by the endpoint process once it
/// listens and removed when it stops. A file whose process is gone (killed) is stale and removed when read.
/// </summary>
public sealed class EndpointRegistry(string directory)
{
    /// <summary>What the endpoint process's command line holds, so a recycled process id is not taken for it.</summary>
    public const string ProcessMarker = "deploy";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Directory { get; } = directory;

    public static EndpointRegistry Under(string artifactsRoot) => new(Path.Combine(artifactsRoot, "endpoints"));

    public string FileOf(string name) => Path.Combine(Directory, name + ".json");

    public void Save(EndpointRecord record)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string temporary = FileOf(record.Name) + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options))
            JsonSerializer.Serialize(file, record, Json);
        File.Move(temporary, FileOf(record.Name), overwrite: true);
    }

    public void Remove(string name, int processId)
    {
        if (Read(FileOf(name)) is { } record && record.ProcessId == processId) File.Delete(FileOf(name));
    }

    /// <summary>The live endpoint named <paramref name="name"/>, or null (a stale file is removed).</summary>
    public EndpointRecord? Find(string name) => Live(FileOf(name));

    /// <summary>Every live endpoint, by name; stale files are removed.</summary>
    public IReadOnlyList<EndpointRecord> List() => !System.IO.Directory.Exists(Directory) ? []
        : System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal).Select(Live).OfType<EndpointRecord>().ToList();

    private static EndpointRecord? Live(string file)
    {
        var record = Read(file);
        if (record is null) return null;
        if (ProcessLiveness.IsAlive(record.ProcessId, ProcessMarker)) return record;
        File.Delete(file);
        return null;
    }

    private static EndpointRecord? Read(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<EndpointRecord>(File.ReadAllText(file));
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (JsonException) { return null; }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Caviar.Jobs.Distributed;

/// <summary>
/// The GPUs of this host, by index: given with <c>--gpus 0,1</c> (which sets <c>CAVIAR_GPUS</c> for the processes the
/// command starts), read from <c>$CAVIAR_GPUS</c>, or found with <c>nvidia-smi -L</c>. An empty list means none.
/// </summary>
public sealed partial record GpuInventory(IReadOnlyList<int> Devices, string Source)
{
    /// <summary>The variable that names this host's GPUs, overriding discovery ("" for none).</summary>
    public const string Variable = "CAVIAR_GPUS";

    public static GpuInventory None { get; } = new([], "none found");

    /// <summary>Discovers this host's GPUs: <c>$CAVIAR_GPUS</c> when set, else <c>nvidia-smi -L</c> when it runs, else none.</summary>
    public static GpuInventory Discover(Func<string, string?>? environment = null, Func<string?>? nvidiaSmiList = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(Variable) is { } given) return new(ParseList(given, Variable), $"${Variable}");
        string? listing = (nvidiaSmiList ?? RunNvidiaSmiList)();
        return listing is null ? None : new(ParseNvidiaSmiList(listing), "nvidia-smi -L");
    }

    /// <summary>Parses a device list such as "0,1,3" ("" is none); refuses anything else, naming <paramref name="field"/>.</summary>
    public static IReadOnlyList<int> ParseList(string text, string field)
    {
        var devices = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int device))
                throw new Validation.CaviarValidationException(field, $"'{part}' is not a GPU index (give e.g. 0,1,2,3)");
            if (devices.Contains(device))
                throw new Validation.CaviarValidationException(field, $"GPU {device} is listed twice");
            devices.Add(device);
        }
        return devices;
    }

    /// <summary>The indices in <c>nvidia-smi -L</c>'s output ("GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-…)").</summary>
    public static IReadOnlyList<int> ParseNvidiaSmiList(string listing) =>
        GpuLine().Matches(listing).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex(@"^GPU (\d+):", RegexOptions.Multiline)]
    private static partial Regex GpuLine();

    private static string? RunNvidiaSmiList()
    {
        try
        {
            var start = new ProcessStartInfo("nvidia-smi", "-L") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start);
            if (process is null) return null;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;   // no nvidia-smi on this host: no NVIDIA GPUs to give
        }
    }
}

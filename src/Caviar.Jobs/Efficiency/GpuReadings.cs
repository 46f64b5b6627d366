using System.Diagnostics;
using System.Globalization;

namespace Caviar.Jobs.Efficiency;

/// <summary>
/// GPU utilisation and memory in use, per device, from
/// <c>nvidia-smi --query-gpu=index,utilization.gpu,memory.used --format=csv,noheader,nounits</c>.
/// </summary>
internal static class GpuReadings
{
    public sealed record Device(int Index, double UtilizationPercent, double MemoryMb);

    public static readonly string[] Arguments =
        ["--query-gpu=index,utilization.gpu,memory.used", "--format=csv,noheader,nounits"];

    /// <summary>Parses the query's output ("0, 87, 1534" per line); lines it cannot read ("[N/A]") are skipped.</summary>
    public static IReadOnlyList<Device> Parse(string output)
    {
        var devices = new List<Device>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int index) &&
                double.TryParse(parts[1], CultureInfo.InvariantCulture, out double util) &&
                double.TryParse(parts[2], CultureInfo.InvariantCulture, out double memory))
                devices.Add(new Device(index, util, memory));
        }
        return devices;
    }

    /// <summary>Reads every device now; empty where nvidia-smi is missing or fails.</summary>
    public static IReadOnlyList<Device> Query()
    {
        try
        {
            var start = new ProcessStartInfo("nvidia-smi") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in Arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start);
            if (process is null) return [];
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? Parse(output) : [];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }
}

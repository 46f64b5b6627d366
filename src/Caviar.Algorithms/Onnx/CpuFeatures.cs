namespace Caviar.Algorithms.Onnx;

/// <summary>The CPU's instruction-set extensions that matter for inference speed, from /proc/cpuinfo.</summary>
public static class CpuFeatures
{
    private static readonly string[] Interesting =
        ["sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_int8"];

    public static (string Model, IReadOnlyList<string> Flags) Read()
    {
        if (!File.Exists("/proc/cpuinfo")) return ("unknown", []);
        var lines = File.ReadAllLines("/proc/cpuinfo");
        string model = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var flags = (lines.FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1] ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        return (model, Interesting.Where(flags.Contains).ToList());
    }
}

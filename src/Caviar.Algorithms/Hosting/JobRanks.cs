using System.Globalization;
using System.Text.Json;

namespace Caviar.Algorithms.Hosting;

/// <summary>
/// Where this process stands in a job of several processes, from the variables every rank gets: <c>RANK</c>,
/// <c>WORLD_SIZE</c>, <c>LOCAL_RANK</c>, <c>LOCAL_WORLD_SIZE</c>, <c>CAVIAR_NUM_CPUS</c> (cores per process),
/// <c>CAVIAR_RANK_ENDPOINTS</c> (an "address:port"
/// each rank may listen on, in rank order) and which channels were dealt out over the hosts
/// (<c>SM_INPUT_DATA_CONFIG</c>'s <c>S3DistributionType</c> = <c>ShardedByS3Key</c>).
/// </summary>
public sealed record JobRanks(int Rank, int WorldSize, int LocalRank, int LocalWorldSize, IReadOnlyList<string> Endpoints,
    IReadOnlySet<string> ShardedChannels)
{
    /// <summary>Cores given to each process (<c>CAVIAR_NUM_CPUS</c>). Default 1.</summary>
    public int CpusPerProcess { get; init; } = 1;

    public const string EndpointsVariable = "CAVIAR_RANK_ENDPOINTS";

    /// <summary>One process (no rank variables): rank 0 of 1.</summary>
    public static JobRanks Single { get; } = new(0, 1, 0, 1, [], new HashSet<string>());

    public bool IsDistributed => WorldSize > 1;

    public static JobRanks FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        int Number(string name, int fallback)
        {
            string? text = environment(name);
            if (text is null) return fallback;
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
                ? value : throw new InvalidOperationException($"{name}='{text}' is not a rank number");
        }
        int world = Number("WORLD_SIZE", 1);
        if (world <= 1) return Single;
        var endpoints = (environment(EndpointsVariable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new JobRanks(Number("RANK", 0), world, Number("LOCAL_RANK", 0), Number("LOCAL_WORLD_SIZE", 1), endpoints,
            ShardedIn(environment("SM_INPUT_DATA_CONFIG")))
        {
            CpusPerProcess = Math.Max(1, Number("CAVIAR_NUM_CPUS", 1)),
        };
    }

    /// <summary>
    /// The ranks that read the same copy of <paramref name="channel"/>, and this process's place among them: the
    /// processes of this host when the channel was dealt out over the hosts, else all of the job's.
    /// </summary>
    public (int Index, int Count) ShareOf(string channel) =>
        ShardedChannels.Contains(channel) ? (LocalRank, LocalWorldSize) : (Rank, WorldSize);

    private static HashSet<string> ShardedIn(string? inputDataConfig)
    {
        var sharded = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(inputDataConfig)) return sharded;
        using var document = JsonDocument.Parse(inputDataConfig);
        foreach (var channel in document.RootElement.EnumerateObject())
            if (channel.Value.TryGetProperty("S3DistributionType", out var type) && type.GetString() == "ShardedByS3Key")
                sharded.Add(channel.Name);
        return sharded;
    }
}

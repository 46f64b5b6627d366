namespace Caviar.Jobs.Distributed;

/// <summary>Deals a folder's files out over hosts: sorted by name (ordinal), host h of N gets files h, h+N, h+2N, ….</summary>
internal static class ChannelShards
{
    public static IReadOnlyList<string> For(string folder, int host, int hosts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(host);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(host, hosts);
        return Directory.GetFiles(folder).OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .Where((_, index) => index % hosts == host).ToList();
    }
}

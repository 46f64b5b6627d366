using Caviar.Jobs.Layout;
using Caviar.Jobs.Specs;

namespace Caviar.Jobs.Channels;

/// <summary>
/// Puts each channel where the job expects it: File copies the data into the job directory, FastFile links to
/// it in place, Pipe makes a FIFO that a background task fills once the job opens it (or streams to stdin).
/// </summary>
internal sealed class PreparedChannels
{
    private readonly List<(string Fifo, string Source)> _pipes = [];
    private readonly List<Dictionary<string, string>> _hostPaths = [];

    private PreparedChannels(Dictionary<string, string> paths, string? stdinSource)
    {
        Paths = paths;
        StdinSource = stdinSource;
    }

    /// <summary>What the job sees per channel: CAVIAR_CHANNEL_NAME = path.</summary>
    public IReadOnlyDictionary<string, string> Paths { get; }

    /// <summary>
    /// Where host <paramref name="node"/> finds its channels when they differ from <see cref="Paths"/>: the sharded
    /// ones, each a folder holding that host's share.
    /// </summary>
    public IReadOnlyDictionary<string, string> PathsForHost(int node) => node < _hostPaths.Count ? _hostPaths[node] : [];

    /// <summary>The file to stream on the job's standard input, if a channel asked for it.</summary>
    public string? StdinSource { get; }

    public static PreparedChannels Prepare(IEnumerable<ChannelSpec> channels, string baseDirectory, JobDirectory job,
        int hosts = 1)
    {
        var hostPaths = Enumerable.Range(0, hosts).Select(_ => new Dictionary<string, string>(StringComparer.Ordinal)).ToList();
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        string? stdin = null;
        var pipes = new List<(string, string)>();
        foreach (var channel in channels)
        {
            string source = Path.GetFullPath(Path.Combine(baseDirectory, channel.Path));
            string target = job.ChannelPath(channel.Name);
            if (channel.Distribution == ChannelDistribution.ShardedByKey && hosts > 1 && Directory.Exists(source))
            {
                for (int node = 0; node < hosts; node++)
                {
                    string share = job.HostChannelPath(channel.Name, node);
                    Remove(share);
                    Directory.CreateDirectory(share);
                    foreach (var file in Distributed.ChannelShards.For(source, node, hosts))
                        Place(file, Path.Combine(share, Path.GetFileName(file)), channel.InputMode);
                    hostPaths[node][channel.Name] = share;
                }
                paths[channel.Name] = hostPaths[0][channel.Name];
                continue;
            }
            switch (channel.InputMode)
            {
                case InputMode.File:
                    CopyFresh(source, target);
                    paths[channel.Name] = target;
                    break;
                case InputMode.FastFile:
                    Remove(target);
                    if (Directory.Exists(source)) Directory.CreateSymbolicLink(target, source);
                    else File.CreateSymbolicLink(target, source);
                    paths[channel.Name] = target;
                    break;
                case InputMode.Pipe when channel.Stdin:
                    stdin = source;
                    paths[channel.Name] = "-";
                    break;
                case InputMode.Pipe:
                    pipes.Add((target, source));
                    paths[channel.Name] = target;
                    break;
            }
        }
        var prepared = new PreparedChannels(paths, stdin);
        prepared._pipes.AddRange(pipes);
        prepared._hostPaths.AddRange(hostPaths);
        return prepared;
    }

    /// <summary>
    /// Makes the FIFOs for one attempt and starts filling them; dispose the result when the attempt ends,
    /// which releases writers whose reader never came.
    /// </summary>
    public IAsyncDisposable StartPipes()
    {
        var feeders = _pipes.Select(p => new FifoFeeder(p.Fifo, p.Source)).ToList();
        return new Feeders(feeders);
    }

    private static void CopyFresh(string source, string target)
    {
        Remove(target);
        if (File.Exists(source))
        {
            File.Copy(source, target);
            return;
        }
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, dir)));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
    }

    /// <summary>One file of a share: copied (File) or linked in place (FastFile).</summary>
    private static void Place(string source, string target, InputMode mode)
    {
        if (mode == InputMode.FastFile) File.CreateSymbolicLink(target, source);
        else File.Copy(source, target);
    }

    private static void Remove(string target)
    {
        var info = new FileInfo(target);
        if (info.LinkTarget is not null || File.Exists(target)) File.Delete(target);
        else if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
    }

    private sealed class Feeders(List<FifoFeeder> feeders) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var feeder in feeders) await feeder.DisposeAsync();
        }
    }
}

namespace Caviar.Jobs.Specs;

/// <summary>One input channel.</summary>
public sealed record ChannelSpec
{
    /// <summary>The channel's name (letters, digits, '_', '-'); the job sees it as CAVIAR_CHANNEL_NAME (upper case).</summary>
    public string Name { get; init; } = "";

    /// <summary>A file or directory. Pipe mode needs a file.</summary>
    public string Path { get; init; } = "";

    /// <summary>How the job receives the data. Default File.</summary>
    public InputMode InputMode { get; init; } = InputMode.File;

    /// <summary>Pipe mode only: stream this channel on the job's standard input instead of a FIFO. Default false.</summary>
    public bool Stdin { get; init; }

    /// <summary>On several hosts: every host gets all the data, or a share of the folder's files. Default FullyReplicated.</summary>
    public ChannelDistribution Distribution { get; init; } = ChannelDistribution.FullyReplicated;
}

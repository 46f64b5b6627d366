namespace Caviar.Jobs.Specs;

/// <summary>How a channel's data is given to the hosts of a job on several hosts.</summary>
public enum ChannelDistribution
{
    /// <summary>Every host gets all of the channel's data.</summary>
    FullyReplicated,
    /// <summary>The files of the channel's folder, sorted by name, are dealt out: host h gets files h, h+N, h+2N, ….</summary>
    ShardedByKey,
}

using Caviar.Algorithms.Hosting;

namespace Caviar.Tests.Distributed;

/// <summary>How a built-in reads its rank, its endpoints and which channels were sharded from the job's variables.</summary>
public class JobRanksTests
{
    private static Func<string, string?> Variables(Dictionary<string, string> values) => name => values.GetValueOrDefault(name);

    [Fact]
    public void A_plain_job_is_rank_0_of_1()
    {
        var ranks = JobRanks.FromEnvironment(Variables(new() { ["WORLD_SIZE"] = "1", ["RANK"] = "0" }));
        Assert.False(ranks.IsDistributed);
        Assert.Equal((0, 1), ranks.ShareOf("train"));
    }

    [Fact]
    public void Ranks_share_a_replicated_channel_with_the_whole_job_and_a_sharded_one_with_their_host()
    {
        var ranks = JobRanks.FromEnvironment(Variables(new()
        {
            ["WORLD_SIZE"] = "4", ["RANK"] = "3", ["LOCAL_RANK"] = "1", ["LOCAL_WORLD_SIZE"] = "2", ["CAVIAR_NUM_CPUS"] = "3",
            ["CAVIAR_RANK_ENDPOINTS"] = "10.0.0.1:7000,10.0.0.1:7001,10.0.0.2:7000,10.0.0.2:7001",
            ["SM_INPUT_DATA_CONFIG"] = """
                {"train": {"TrainingInputMode": "File", "S3DistributionType": "ShardedByS3Key"},
                 "validation": {"TrainingInputMode": "File", "S3DistributionType": "FullyReplicated"}}
                """,
        }));
        Assert.True(ranks.IsDistributed);
        Assert.Equal(3, ranks.CpusPerProcess);
        Assert.Equal("10.0.0.2:7001", ranks.Endpoints[3]);
        Assert.Equal((1, 2), ranks.ShareOf("train"));
        Assert.Equal((3, 4), ranks.ShareOf("validation"));
    }
}

using Caviar.Algorithms.Data;
using Caviar.Algorithms.Hosting;
using Caviar.Algorithms.LightGbm;

namespace Caviar.Algorithms.Tabular;

/// <summary>
/// gbt on several processes with LightGBM's own distributed learning: every rank joins LightGBM's socket network
/// (<see cref="LightGbmNetwork"/>, one endpoint per rank from <c>CAVIAR_RANK_ENDPOINTS</c>), trains on its share of
/// the training rows with <c>tree_learner=data</c> (histograms summed over the ranks, so all grow the same trees)
/// from the same bins: when every rank holds the whole table (a FullyReplicated train channel) they are found from
/// all of it before joining, as on one process, so the model is one process's up to the order of floating-point sums;
/// when the channel was sharded over hosts LightGBM's ranks find them together from their own rows
/// and evaluates the whole validation set, so every rank sees the same metrics and stops at the same iteration.
/// Rank 0 alone writes the model.
/// <para>
/// The rows: the ranks that read the same copy of the train channel (all of the job's, or this host's when the
/// channel was sharded over hosts) deal its rows out, row i to the rank i mod their count. Validation is the
/// validation channel, else the seeded split of the train channel made before dealing, as on one process.
/// Threads default to the cores given to each process (<c>cpusPerProcess</c>), not the host's. Ranks must agree on
/// the task and the classes: with a train channel sharded over hosts give <c>task</c>, and a validation channel
/// holding every class.
/// </para>
/// </summary>
public static class DistributedGbt
{
    public static void Run(TabularSettings settings, JobContext job, TextWriter log)
    {
        var ranks = job.Ranks;
        if (ranks.Endpoints.Count != ranks.WorldSize)
            throw new InvalidOperationException(
                $"gbt on {ranks.WorldSize} processes needs {JobRanks.EndpointsVariable} with one address:port per rank " +
                $"(it lists {ranks.Endpoints.Count}); run it through a Caviar job");
        if (!job.HyperParameters.Names.Contains("threads")) settings = settings with { Threads = ranks.CpusPerProcess };

        var all = TabularData.Load(job.Channel("train"), settings.LabelColumn);
        var (share, sharers) = ranks.ShareOf("train");
        TabularData pool, validation;
        if (job.OptionalChannel("validation") is { } validationPath)
            (pool, validation) = (all, TabularData.Load(validationPath, settings.LabelColumn));
        else
        {
            if (sharers != ranks.WorldSize && settings.EarlyStoppingRounds > 0)
                throw new Validation.CaviarValidationException("hyperParameters.early_stopping_rounds",
                    "a train channel sharded over hosts gives each host its own validation split, so the ranks could stop " +
                    "at different iterations; give a validation channel (FullyReplicated) or turn early stopping off");
            var (trainIndices, validationIndices) = DataSplit.Indices(all.Count, settings.ValidationFraction, settings.Seed);
            (pool, validation) = (all.Take(trainIndices), all.Take(validationIndices));
        }
        var mine = Enumerable.Range(0, pool.Count).Where(i => i % sharers == share).ToList();
        bool wholePool = sharers == ranks.WorldSize;   // every rank holds the same table: bins as one process finds them
        var task = settings.TaskFor(all);
        log.WriteLine($"gbt: {task}, rank {ranks.Rank} of {ranks.WorldSize} (LightGBM data-parallel): {mine.Count} of {pool.Count} " +
                      $"training rows here, {validation.Count} validation rows, {all.FeatureNames.Length} features, {settings.Threads} thread(s), " +
                      (wholePool ? "bins from all training rows" : "bins found together over the ranks' rows"));
        log.Flush();

        new GradientBoostedTrees(settings, log)
        {
            Distribution = new GbtDistribution(() => LightGbmNetwork.Join(ranks.Endpoints, ranks.Rank), wholePool ? mine : null),
            MulticlassValues = pool.Labels.Concat(validation.Labels).Distinct().Order().ToArray(),
        }.Train(wholePool ? pool : pool.Take(mine), validation, task, job.ModelDirectory);
    }
}

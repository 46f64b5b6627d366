namespace Caviar.Algorithms.Hosting;

/// <summary>What a built-in algorithm reads from the job contract's environment variables.</summary>
public sealed record JobContext(HyperParameterValues HyperParameters, IReadOnlyDictionary<string, string> Channels,
    string CheckpointDirectory, string ModelDirectory, string OutputDirectory)
{
    /// <summary>This process's rank in a job of several processes (<see cref="JobRanks.Single"/> for a plain job).</summary>
    public JobRanks Ranks { get; init; } = JobRanks.Single;

    public static JobContext FromEnvironment()
    {
        string Required(string name) => Environment.GetEnvironmentVariable(name)
                                        ?? throw new InvalidOperationException($"{name} is not set: run this through a Caviar job");
        var channels = (Environment.GetEnvironmentVariable("CAVIAR_CHANNELS") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(name => name, name => Required($"CAVIAR_CHANNEL_{name.ToUpperInvariant().Replace('-', '_')}"));
        return new JobContext(HyperParameterValues.Read(Required("CAVIAR_HYPERPARAMETERS")), channels,
            Required("CAVIAR_CHECKPOINT_DIR"), Required("CAVIAR_MODEL_DIR"), Required("CAVIAR_OUTPUT_DIR"))
        {
            Ranks = JobRanks.FromEnvironment(),
        };
    }

    public string Channel(string name) => Channels.TryGetValue(name, out var path) ? path
        : throw new Validation.CaviarValidationException("channels", $"the algorithm needs a channel named '{name}'");

    public string? OptionalChannel(string name) => Channels.GetValueOrDefault(name);
}

using Caviar.Serving.Batching;
using Caviar.Serving.Http;
using Caviar.Serving.Models;
using Caviar.Serving.Variants;
using Caviar.Validation;

namespace Caviar.Serving;

/// <summary>
/// The variants an endpoint serves and their models. Models are loaded and warmed up before they take traffic:
/// at start (a missing or corrupt model refuses the start) and at update (a bad model leaves the old one serving).
/// </summary>
public sealed class InferenceEndpoint : IAsyncDisposable
{
    /// <summary>Runs of zeros each new model makes before it serves (at batch 1 and at the largest batch).</summary>
    public const int WarmUpRuns = 3;

    private readonly EndpointOptions options;
    private readonly ModelLoader loader;
    private readonly SemaphoreSlim updates = new(1, 1);
    private ServedVariant[] variants;

    internal EndpointMetrics Metrics { get; } = new();

    /// <summary>Requests on their way to the batchers (see <see cref="Batching.Arrivals"/>).</summary>
    internal Arrivals Arrivals { get; } = new();
    public string Name => options.Name;
    public EndpointOptions Options => options;
    internal IReadOnlyList<ServedVariant> Variants => Volatile.Read(ref variants);

    /// <summary>Where the endpoint listens, once it does.</summary>
    public string? Url { get; set; }

    /// <summary>True once every variant's model has been warmed up: <c>/ping</c> answers 200 from then on.</summary>
    public bool Ready { get; private set; }

    /// <summary>Where the models run, and why <c>--device cuda</c> fell back to the CPU if it did.</summary>
    internal ModelLoader Device => loader;

    private InferenceEndpoint(EndpointOptions options, ModelLoader loader, ServedVariant[] variants)
    {
        this.options = options;
        this.loader = loader;
        this.variants = variants;
    }

    /// <summary>Loads every variant's model; refuses (and frees what it loaded) when one is missing or corrupt.</summary>
    public static InferenceEndpoint Load(EndpointOptions options)
    {
        if (options.Variants.Count == 0) throw new CaviarValidationException("--model", "no model to serve: give --model or --variant");
        var duplicate = options.Variants.GroupBy(v => v.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new CaviarValidationException("--variant", $"variant '{duplicate.Key}' is named twice");
        if (options.Variants.Sum(v => v.Weight) <= 0) throw new CaviarValidationException("--variant", "the weights add up to 0: no variant would get traffic");
        if (options.Batching.MaxBatch < 1) throw new CaviarValidationException("--max-batch", "must be at least 1");
        if (options.Batching.MaxDelayMicroseconds < 0) throw new CaviarValidationException("--max-delay-us", "must be 0 or more");
        if (options.MaxBodyBytes < 1) throw new CaviarValidationException("--max-body", "must be at least 1 byte");
        var loaded = new List<OnnxModel>();
        var loader = new ModelLoader(options.Device, options.IntraOpThreads, options.DiscoverGpus);
        try
        {
            foreach (var spec in options.Variants) loaded.Add(loader.Load(spec.ModelPath));
            var first = loaded[0];
            foreach (var model in loaded.Skip(1))
                if (model.FeatureCount != first.FeatureCount)
                    throw new CaviarValidationException("--variant", $"{model.Path} takes {model.FeatureCount} features, {first.Path} takes {first.FeatureCount}: variants must take the same rows");
        }
        catch
        {
            foreach (var model in loaded) model.Dispose();
            throw;
        }
        var endpoint = new InferenceEndpoint(options, loader, []);
        endpoint.variants = options.Variants.Select((spec, i) => new ServedVariant(spec.Name, spec.Weight, endpoint.Batcher(spec.Name, loaded[i]))).ToArray();
        return endpoint;
    }

    private DynamicBatcher Batcher(string variant, OnnxModel model)
    {
        var histogram = Metrics.BatchSize.WithLabels(variant);
        return new DynamicBatcher(model, options.Batching, rows => histogram.Observe(rows), Arrivals);
    }

    /// <summary>Runs every variant's model on zeros a few times so the first request pays no start-up cost.</summary>
    public void WarmUp()
    {
        foreach (var variant in Variants) WarmUp(variant.Model);
        Ready = true;
    }

    private void WarmUp(OnnxModel model)
    {
        foreach (int rows in new[] { 1, options.Batching.MaxBatch })
            for (int i = 0; i < WarmUpRuns; i++)
                model.Run(new float[rows * model.FeatureCount], rows);
    }

    /// <summary>The variant named <paramref name="name"/>, if there is one.</summary>
    internal ServedVariant? Find(string name) => Variants.FirstOrDefault(v => v.Name == name);

    /// <summary>
    /// Puts <paramref name="spec"/> in service: a new variant is added; an existing one gets the new model and weight,
    /// its queued requests finishing on the old model. A model that does not load, or takes other rows than the
    /// endpoint's, is refused and the old one keeps serving, as is a weight that would leave every weight 0.
    /// </summary>
    public async Task Update(VariantSpec spec)
    {
        spec = spec.Validated();
        await updates.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Variants.Where(v => v.Name != spec.Name).Sum(v => v.Weight) + spec.Weight <= 0)
                throw new CaviarValidationException("weight", $"variant '{spec.Name}' at weight {spec.Weight}: the weights would add up to 0 and no variant would get traffic");
            var model = loader.Load(spec.ModelPath);
            try
            {
                int expected = Variants[0].Model.FeatureCount;
                if (model.FeatureCount != expected)
                    throw new CaviarValidationException("model", $"{spec.ModelPath} takes {model.FeatureCount} features, the endpoint's rows have {expected}");
                WarmUp(model);
            }
            catch
            {
                model.Dispose();
                throw;
            }
            var batcher = Batcher(spec.Name, model);
            if (Find(spec.Name) is { } existing)
            {
                existing.Weight = spec.Weight;
                await existing.Swap(batcher).ConfigureAwait(false);
            }
            else Volatile.Write(ref variants, [.. Variants, new ServedVariant(spec.Name, spec.Weight, batcher)]);
        }
        finally
        {
            updates.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Variants.Select(v => v.Retire())).ConfigureAwait(false);
        updates.Dispose();
    }
}

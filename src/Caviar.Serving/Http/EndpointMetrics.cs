using Prometheus;

namespace Caviar.Serving.Http;

/// <summary>The endpoint's Prometheus metrics (prometheus-net), all labelled by variant, in a registry of its own.</summary>
internal sealed class EndpointMetrics
{
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();
    public Counter Requests { get; }
    public Counter Errors { get; }
    public Histogram Latency { get; }
    public Histogram BatchSize { get; }

    public EndpointMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter("caviar_endpoint_requests_total", "Inference requests answered, by variant and protocol.",
            new CounterConfiguration { LabelNames = ["variant", "protocol"] });
        Errors = factory.CreateCounter("caviar_endpoint_errors_total", "Inference requests refused or failed, by variant and HTTP status.",
            new CounterConfiguration { LabelNames = ["variant", "status"] });
        Latency = factory.CreateHistogram("caviar_endpoint_request_duration_seconds", "Time from reading a request to its answer, by variant.",
            new HistogramConfiguration { LabelNames = ["variant"], Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        BatchSize = factory.CreateHistogram("caviar_endpoint_batch_size", "Rows per ONNX Runtime run, by variant.",
            new HistogramConfiguration { LabelNames = ["variant"], Buckets = Histogram.ExponentialBuckets(1, 2, 11) });
    }
}

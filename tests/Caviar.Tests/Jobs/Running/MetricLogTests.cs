using System.Text.Json;
using Caviar.Jobs.Metrics;
using Caviar.Jobs.Running;
using Caviar.Specs;
using Caviar.Tests.Support;

namespace Caviar.Tests.Jobs;

/// <summary>
/// metrics.jsonl as the runner writes it (one object per line, written without the reflection-based serializer) and
/// as everything else reads it back (the serializer with the spec options): every field survives exactly.
/// </summary>
public class MetricLogTests
{
    private static readonly MetricObservation[] Observations =
    [
        new("val_accuracy", 1, 0.63, new DateTimeOffset(2026, 11, 29, 12, 55, 33, TimeSpan.Zero).AddTicks(3136129)),
        new("loss \"quoted\" \\ and ünïcödé, 日本", long.MaxValue, 0.1 + 0.2, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-7))),
        new("tiny", 0, double.Epsilon, DateTimeOffset.MinValue),
        new("huge", -3, -double.MaxValue, DateTimeOffset.MaxValue),
    ];

    [Fact]
    public void Appended_lines_read_back_with_every_field_exact()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.jsonl");
        foreach (var observation in Observations) MetricLog.Append(path, observation);

        string[] lines = File.ReadAllText(path).Split('\n');
        Assert.Equal(Observations.Length + 1, lines.Length);   // one line each, the last one ended
        Assert.Equal("", lines[^1]);
        Assert.Equal(Observations, MetricLog.Read(path));
        Assert.Equal(Observations, MetricLog.ReadNew(path, 0, out long next));
        Assert.Equal(new FileInfo(path).Length, next);
    }

    [Fact]
    public void A_line_is_the_object_the_serializer_reads_with_the_spec_options()
    {
        foreach (var observation in Observations)
        {
            string line = MetricLog.Line(observation);
            Assert.EndsWith("\n", line);
            Assert.DoesNotContain('\n', line[..^1]);
            Assert.Equal(observation, JsonSerializer.Deserialize<MetricObservation>(line, SpecJson.Options));
            using var parsed = JsonDocument.Parse(line);
            Assert.Equal(["name", "step", "value", "at"], parsed.RootElement.EnumerateObject().Select(p => p.Name));
        }
    }
}

using System.Text.Json;

namespace Caviar.Tests.Serving;

/// <summary>Reads answers of the ML.NET models (several outputs) out of SageMaker JSON answers.</summary>
public static class ServingAnswers
{
    public static float[] Probabilities(string body) => JsonDocument.Parse(body).RootElement.GetProperty("predictions").EnumerateArray()
        .Select(p => p.GetProperty("Probability.output")[0].GetSingle()).ToArray();

    /// <summary>The value of a Prometheus sample line such as <c>name{labels} 12</c>, or 0 when it is absent.</summary>
    public static double Metric(string metrics, string sample)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(sample.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}

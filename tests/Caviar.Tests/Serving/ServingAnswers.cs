using System.Text.Json;

namespace Caviar.Tests.Serving;

/// <summary>Reads answers of the ML.NET models (several outputs) out of SageMaker JSON answers.</summary>
public static class ServingAnswers
{
    public static float[] Probabilities(string body) => JsonDocument.Parse(body).RootElement.GetProperty("predictions").EnumerateArray()
        .Select(PositiveProbability).ToArray();

    /// <summary>
    /// The probability of class 1 in one answer: ML.NET's models (linear) answer "Probability.output", LightGBM's
    /// (gbt) "probabilities" per class.
    /// </summary>
    public static float PositiveProbability(JsonElement prediction) =>
        prediction.TryGetProperty("Probability.output", out var mlNet) ? mlNet[0].GetSingle()
            : prediction.GetProperty("probabilities")[1].GetSingle();

    /// <summary>The value of a Prometheus sample line such as <c>name{labels} 12</c>, or 0 when it is absent.</summary>
    public static double Metric(string metrics, string sample)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(sample.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using System.Text.Json;

namespace Caviar.Examples.LinearJob;

/// <summary>The job's hyperparameters, read from CAVIAR_HYPERPARAMETERS (numbers or numeric strings); defaults here.</summary>
public sealed record HyperParameters
{
    public double Lr { get; init; } = 0.05;
    public double Momentum { get; init; } = 0.9;
    public double L2 { get; init; }
    public int BatchSize { get; init; } = 16;
    public int Epochs { get; init; } = 10;
    public int Seed { get; init; }
    public double SleepSeconds { get; init; }
    public int FailAtEpoch { get; init; } = -1;

    public static HyperParameters Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        double Number(string name, double fallback) =>
            !root.TryGetProperty(name, out var value) ? fallback
            : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : double.Parse(value.GetString()!, CultureInfo.InvariantCulture);
        var defaults = new HyperParameters();
        return new HyperParameters
        {
            Lr = Number("lr", defaults.Lr), Momentum = Number("momentum", defaults.Momentum), L2 = Number("l2", defaults.L2),
            BatchSize = (int)Number("batch_size", defaults.BatchSize), Epochs = (int)Number("epochs", defaults.Epochs),
            Seed = (int)Number("seed", defaults.Seed), SleepSeconds = Number("sleep_seconds", defaults.SleepSeconds),
            FailAtEpoch = (int)Number("fail_at_epoch", defaults.FailAtEpoch),
        };
    }
}

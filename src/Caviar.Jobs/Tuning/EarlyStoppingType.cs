namespace Caviar.Jobs.Tuning;

/// <summary>A tuning spec's "earlyStopping": Off, or Auto (the median stopping rule).</summary>
public enum EarlyStoppingType
{
    Off,
    Auto,
}

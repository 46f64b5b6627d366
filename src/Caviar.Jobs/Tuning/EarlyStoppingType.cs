namespace Caviar.Jobs.Tuning;

/// <summary>A tuning spec's "earlyStopping": Off, or Auto (the median stopping rule; its settings in "medianStopping").</summary>
public enum EarlyStoppingType
{
    /// <summary>No trial is stopped early.</summary>
    Off,

    /// <summary>The median stopping rule over the objective metric's per-epoch values (settings: "medianStopping").</summary>
    Auto,
}

namespace Caviar.Jobs.Tuning;

/// <summary>How much may differ between a warm-started tuning job and its parents (SageMaker's two types).</summary>
public enum WarmStartType
{
    /// <summary>Same data and algorithm; ranges may change, static hyperparameters may not.</summary>
    IdenticalDataAndAlgorithm,
    /// <summary>Different data, algorithm version or static hyperparameters are allowed.</summary>
    TransferLearning,
}

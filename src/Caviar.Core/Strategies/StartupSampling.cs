namespace Caviar.Strategies;

/// <summary>How a model-based strategy draws its start-up trials, before it has a model.</summary>
public enum StartupSampling
{
    /// <summary>Independent uniform draws (as Optuna's samplers).</summary>
    Random,

    /// <summary>The trial-numbered points of a scrambled Sobol sequence (<see cref="QuasiRandom.SobolSequence"/>): spread more evenly.</summary>
    QuasiRandom,
}

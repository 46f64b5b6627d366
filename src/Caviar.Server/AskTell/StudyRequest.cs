using Caviar.Jobs.Tuning;
using Caviar.SearchSpaces;
using Caviar.Trials;

namespace Caviar.Server.AskTell;

/// <summary>
/// The body of <c>POST /api/studies</c>: an ask/tell study whose trials are evaluated by the client (a notebook, any
/// program). It is stored as a tuning spec without function or training job, so it is listed, shown and warm-started
/// from like any tuning job. Defaults on each property.
/// </summary>
internal sealed record StudyRequest
{
    /// <summary>The study's name (1–63 letters, digits, '-', '_', '.'). Required.</summary>
    public string Name { get; init; } = "";

    /// <summary>Minimize or Maximize, for a study of one objective. Default: Minimize unless <see cref="Directions"/> is given.</summary>
    public ObjectiveDirection? Direction { get; init; }

    /// <summary>
    /// A study of several objectives (2 to 4; Optuna's <c>directions</c>): one direction each, in the order tell's
    /// <c>values</c> lists them. Give this or <see cref="Direction"/>. With several, the default strategy (Bayesian) is NSGA-II.
    /// Default: none.
    /// </summary>
    public List<ObjectiveDirection>? Directions { get; init; }

    /// <summary>The ranges each asked trial gets values for, as in a tuning spec's hyperParameterRanges. Required.</summary>
    public List<ParameterRange>? Space { get; init; }

    /// <summary>As a tuning spec's strategy (Bayesian, TPE, GP, CmaEs, QuasiRandom, Auto, Random, Grid, Hyperband). Default Bayesian.</summary>
    public string Strategy { get; init; } = "Bayesian";

    /// <summary>Seed of every random choice. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Off, or Auto (the median stopping rule over reported values). Default Off.</summary>
    public EarlyStoppingType EarlyStopping { get; init; } = EarlyStoppingType.Off;

    /// <summary>With strategy Hyperband: its resources (the reported steps). Default: none.</summary>
    public HyperbandSpec? Hyperband { get; init; }

    /// <summary>The plan of this study (its spec is what is stored); throws naming every bad field.</summary>
    public TuningPlan ToPlan() => TuningSpecLoader.CompileAskTell(new TuningSpec
    {
        Name = Name, Strategy = Strategy, Seed = Seed,
        Objective = Directions is null || Direction is not null ? new ObjectiveSpec { Type = Direction ?? ObjectiveDirection.Minimize } : null,
        Objectives = Directions?.Select(d => new ObjectiveSpec { Type = d }).ToList(),
        HyperParameterRanges = Space, EarlyStopping = EarlyStopping, Hyperband = Hyperband,
        Limits = new LimitsSpec { MaxTrials = null },
    });
}

using Caviar.Jobs.Tuning;

namespace Caviar.Jobs.Pbt;

/// <summary>
/// How a PBT run is laid out: round r trains every member to min((r + 1)·interval, maxResource) epochs, and member m's
/// round r is trial r·populationSize + m (trials are created a round at a time, in member order).
/// </summary>
internal sealed record PbtSchedule(int PopulationSize, int PerturbationInterval, long MaxResource)
{
    public static PbtSchedule Of(PbtSpec spec) => new(spec.PopulationSize, spec.PerturbationInterval, spec.MaxResource);

    /// <summary>Rounds in the run: ⌈maxResource / interval⌉.</summary>
    public int Rounds => (int)((MaxResource + PerturbationInterval - 1) / PerturbationInterval);

    /// <summary>Trials in the run: a member-round each.</summary>
    public int Trials => Rounds * PopulationSize;

    /// <summary>The epochs a member has trained by the end of <paramref name="round"/>.</summary>
    public long EpochsAt(int round) => Math.Min((long)(round + 1) * PerturbationInterval, MaxResource);

    public int TrialNumber(int member, int round) => round * PopulationSize + member;

    public (int Member, int Round) MemberRoundOf(int trialNumber) => (trialNumber % PopulationSize, trialNumber / PopulationSize);
}

using Caviar.Trials;

namespace Caviar.Cli.Rendering;

/// <summary>How the trials finished in one run ended.</summary>
internal sealed class TrialCounts
{
    public int Completed { get; private set; }
    public int Pruned { get; private set; }
    public int Failed { get; private set; }
    public int Stopped { get; private set; }
    public int Total => Completed + Pruned + Failed + Stopped;

    public void Add(TrialState state)
    {
        switch (state)
        {
            case TrialState.Completed: Completed++; break;
            case TrialState.Pruned: Pruned++; break;
            case TrialState.Failed: Failed++; break;
            case TrialState.Stopped: Stopped++; break;
        }
    }

    public override string ToString() =>
        $"{Completed} completed, {Pruned} pruned, {Failed} failed, {Stopped} stopped";
}

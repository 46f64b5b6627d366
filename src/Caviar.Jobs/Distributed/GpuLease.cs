namespace Caviar.Jobs.Distributed;

/// <summary>Devices held for one attempt of a job, by process; disposing releases them.</summary>
internal sealed class GpuLease(IReadOnlyList<FileStream> locks, IReadOnlyList<IReadOnlyList<int>> byProcess) : IDisposable
{
    /// <summary>The devices of process <c>i</c> (its local index among the job's processes on this host).</summary>
    public IReadOnlyList<IReadOnlyList<int>> ByProcess { get; } = byProcess;

    public void Dispose()
    {
        foreach (var stream in locks) stream.Dispose();
    }
}

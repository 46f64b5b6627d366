namespace Caviar.Serving.Batching;

/// <summary>
/// Counts the requests on their way to a batcher: taken by the server, their bodies still being read or parsed. A
/// batcher waits for others to join a batch only while some are on their way, so a lone request (one client, or a
/// lull) runs at once instead of waiting out the whole delay. <see cref="Changed"/> wakes a waiting batcher when one
/// arrives or the last one on its way turns out not to come (refused, or gone to another variant).
/// </summary>
internal sealed class Arrivals
{
    private int onTheWay;

    /// <summary>Set on every arrival and whenever no request is on its way any more.</summary>
    public ManualResetEventSlim Changed { get; } = new(false, spinCount: 0);

    public int OnTheWay => Volatile.Read(ref onTheWay);

    /// <summary>A request was taken; call <see cref="Arrived"/> once, just before it is queued or once it is refused.</summary>
    public void Coming() => Interlocked.Increment(ref onTheWay);

    public void Arrived()
    {
        if (Interlocked.Decrement(ref onTheWay) == 0) Changed.Set();
    }
}

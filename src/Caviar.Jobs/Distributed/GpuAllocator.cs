namespace Caviar.Jobs.Distributed;

/// <summary>
/// Gives processes GPUs of their own across every Caviar process on this host: a device is held by an exclusive
/// lock on the file <c>gpu-N.lock</c> in <see cref="LockDirectory"/> (flock, so a holder that dies releases it at
/// once). A job takes all the devices it needs or none, and waits while too few are free, so two processes (of one
/// job or of two trials) never share a device.
/// </summary>
internal sealed class GpuAllocator(GpuInventory inventory, string lockDirectory, TimeProvider clock)
{
    /// <summary>The lock folder: <c>$CAVIAR_GPU_LOCKS</c>, else caviar-gpu-locks in the system's temporary folder.</summary>
    public static string DefaultLockDirectory =>
        Environment.GetEnvironmentVariable("CAVIAR_GPU_LOCKS") ?? Path.Combine(Path.GetTempPath(), "caviar-gpu-locks");

    /// <summary>How often a job waiting for devices looks again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public string LockDirectory { get; } = lockDirectory;

    /// <summary>An allocator for jobs that ask for no GPU (it gives each process an empty list).</summary>
    public static GpuAllocator NoGpus(TimeProvider clock) => new(GpuInventory.None, DefaultLockDirectory, clock);

    /// <summary>
    /// Takes <paramref name="perProcess"/> devices for each of <paramref name="processes"/> processes, waiting while
    /// too few are free; <paramref name="onWaiting"/> is told once when it has to wait.
    /// </summary>
    public async Task<GpuLease> AcquireAsync(int processes, int perProcess, Action<string>? onWaiting, CancellationToken stop)
    {
        int needed = processes * perProcess;
        if (needed == 0) return new GpuLease([], Enumerable.Repeat<IReadOnlyList<int>>([], processes).ToList());
        if (needed > inventory.Devices.Count)
            throw new InvalidOperationException(
                $"the job needs {needed} GPU(s) but this host has {inventory.Devices.Count} ({inventory.Source})");
        Directory.CreateDirectory(LockDirectory);
        bool told = false;
        while (true)
        {
            if (TryAcquire(needed) is { } held)
            {
                var devices = held.Select(h => h.Device).ToList();
                var split = Enumerable.Range(0, processes)
                    .Select(p => (IReadOnlyList<int>)devices.Skip(p * perProcess).Take(perProcess).ToList()).ToList();
                return new GpuLease(held.Select(h => h.Lock).ToList(), split);
            }
            if (!told)
            {
                onWaiting?.Invoke($"waiting for {needed} free GPU(s) of {inventory.Devices.Count}");
                told = true;
            }
            await Task.Delay(PollInterval, clock, stop).ConfigureAwait(false);
        }
    }

    private List<(int Device, FileStream Lock)>? TryAcquire(int needed)
    {
        var held = new List<(int, FileStream)>();
        foreach (int device in inventory.Devices)
        {
            if (held.Count == needed) break;
            try
            {
                held.Add((device, new FileStream(Path.Combine(LockDirectory, $"gpu-{device}.lock"), FileMode.OpenOrCreate,
                    FileAccess.ReadWrite, FileShare.None)));
            }
            catch (IOException)
            {
                // Held by another process (or another job in this one): try the next device.
            }
        }
        if (held.Count == needed) return held;
        foreach (var (_, stream) in held) stream.Dispose();
        return null;
    }
}

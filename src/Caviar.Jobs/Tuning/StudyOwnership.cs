using System.Globalization;
using Caviar.Jobs.Launching;
using Caviar.Storage;
using Caviar.Studies;
using Caviar.Validation;

namespace Caviar.Jobs.Tuning;

/// <summary>Timing of a study's lease; defaults on each property (the same as a worker's heartbeat).</summary>
public sealed record OwnershipOptions
{
    /// <summary>How often the owner renews its lease. Default 2 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A lease not renewed for this long is stale: another tuner may take the study over. Default 30 s.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The lease by which one running tuning process owns its study: acquired before anything is run, renewed by a heartbeat,
/// released when disposed. A second tuner is refused while the lease is fresh, naming its holder; a lease whose holder
/// stopped beating (or, on this host, whose process is gone) is stale and is taken over, and with it the trials the
/// holder left running. Stores without leases (in memory) have one owner anyway: this process.
/// </summary>
public sealed class StudyOwnership : IDisposable
{
    private readonly IStudyLeases? _leases;
    private readonly long _studyId;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stopBeating = new();
    private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _heart;

    private StudyOwnership(IStudyLeases? leases, long studyId, string owner, StudyLease? replaced, TimeProvider clock,
        OwnershipOptions options)
    {
        _leases = leases;
        _studyId = studyId;
        _clock = clock;
        Owner = owner;
        Replaced = replaced;
        _heart = leases is null ? Task.CompletedTask : BeatAsync(options.HeartbeatInterval);
    }

    /// <summary>This process's name in the lease: host, process id and a random suffix.</summary>
    public string Owner { get; }

    /// <summary>The stale or dead owner this one replaced, if any.</summary>
    public StudyLease? Replaced { get; }

    /// <summary>Completes if the lease is taken over by another process (this one stopped beating for too long).</summary>
    public Task Lost => _lost.Task;

    /// <summary>Takes <paramref name="study"/>'s lease, or throws <see cref="CaviarValidationException"/> naming its live owner.</summary>
    public static StudyOwnership Acquire(Study study, OwnershipOptions? options = null)
    {
        options ??= new OwnershipOptions();
        var clock = study.Options.Clock;
        string owner = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        if (study.Store is not IStudyLeases leases) return new StudyOwnership(null, study.Record.Id, owner, null, clock, options);

        var now = clock.GetUtcNow();
        var attempt = leases.TryAcquireLease(study.Record.Id, owner, Environment.MachineName, Environment.ProcessId, now,
            now - options.StaleAfter);
        if (!attempt.Acquired && attempt.Previous is { } holder && IsDeadHere(holder))
            attempt = leases.TryAcquireLease(study.Record.Id, owner, Environment.MachineName, Environment.ProcessId, now,
                now - options.StaleAfter, deadOwner: holder.Owner);
        if (!attempt.Acquired)
        {
            var holding = attempt.Previous!;
            throw new CaviarValidationException("study",
                $"'{study.Name}' is being tuned by host {holding.Host}, PID {holding.ProcessId}, since " +
                $"{holding.AcquiredAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC (last heartbeat " +
                $"{Math.Max(0, (now - holding.HeartbeatAt).TotalSeconds):F0} s ago); pass --join to run trials beside it as a worker, " +
                $"or wait until its lease is stale ({options.StaleAfter.TotalSeconds:F0} s without a heartbeat)");
        }
        return new StudyOwnership(leases, study.Record.Id, owner, attempt.Previous, clock, options);
    }

    /// <summary>A holder on this machine whose process is gone (or is no longer a caviar process) is dead, however fresh its lease.</summary>
    private static bool IsDeadHere(StudyLease holder) =>
        holder.Host == Environment.MachineName && holder.ProcessId != Environment.ProcessId &&
        !ProcessLiveness.IsAlive(holder.ProcessId, "caviar");

    private async Task BeatAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopBeating.Token).ConfigureAwait(false))
            {
                bool held;
                try { held = _leases!.RenewLease(_studyId, Owner, _clock.GetUtcNow()); }
                catch (Exception) when (!_stopBeating.IsCancellationRequested) { continue; }   // the store is unreachable for now
                if (!held)
                {
                    _lost.TrySetResult();
                    return;
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    public void Dispose()
    {
        _stopBeating.Cancel();
        try { _heart.GetAwaiter().GetResult(); } catch (OperationCanceledException) { }
        if (_leases is not null && !_lost.Task.IsCompleted)
        {
            try { _leases.ReleaseLease(_studyId, Owner); }
            catch (Exception) { /* the lease goes stale on its own */ }
        }
        _stopBeating.Dispose();
    }
}

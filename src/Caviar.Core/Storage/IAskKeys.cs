using Caviar.Trials;

namespace Caviar.Storage;

/// <summary>
/// Asks a client may send again. A server killed after it stored an asked trial and before it answered leaves a Running
/// trial whose id the client never learned; asked again with a new request, it makes a second trial, and the first
/// stays Running for ever. A client that names each ask with a key of its own (HTTP's <c>Idempotency-Key</c>) and sends
/// the same key again gets the same trial. The key is the trial's user attribute <see cref="AttributeName"/>, written in
/// the trial's own transaction, so no trial is ever stored without it.
/// </summary>
public interface IAskKeys
{
    /// <summary>The user attribute holding a trial's ask key: "caviar.ask_key".</summary>
    const string AttributeName = "caviar.ask_key";

    /// <summary>
    /// The Running trial of <paramref name="studyId"/> asked with <paramref name="key"/> (a client sends an ask again only
    /// when it got no answer, so it cannot have told that trial), or else a new Running trial with the next number, the
    /// values <paramref name="draw"/> gives for that number, and the key: found or created in one write transaction, so
    /// two requests with the same key never make two trials. Finding costs a pass over the study's trials (no index on
    /// state), paid only by asks that carry a key.
    /// </summary>
    TrialRecord AskOnce(long studyId, string key, DateTimeOffset startedAt, Func<int, IReadOnlyList<TrialParam>> draw);
}

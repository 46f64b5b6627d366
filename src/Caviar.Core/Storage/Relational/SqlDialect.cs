using System.Data.Common;

namespace Caviar.Storage.Relational;

/// <summary>What differs between the SQL databases a <see cref="RelationalStudyStore"/> runs on.</summary>
public abstract class SqlDialect
{
    /// <summary>Statements creating the tables (idempotent), run once in a transaction when a store opens.</summary>
    public abstract string CreateTables { get; }

    /// <summary>
    /// A statement (ending in ';', returning no rows) run first in the transaction that creates or migrates the tables,
    /// so stores opened at once on a new database take turns (PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe
    /// against a concurrent twin). Default: none.
    /// </summary>
    public virtual string SchemaLock => "";

    /// <summary>Starts a transaction that writes; concurrent writers must not be able to interleave trial numbers.</summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>
    /// A statement (ending in ';', returning no rows, parameter <c>@study</c>) that serialises trial-number allocation for
    /// one study until the current write transaction ends; sent in the same round trip as the insert it guards.
    /// Default: none (the dialect's write transaction already excludes other writers).
    /// </summary>
    public virtual string NumberingLock => "";

    /// <summary>
    /// A statement (ending in ';', returning no rows) letting the current transaction commit without waiting for its log
    /// to reach the disk. Used only where losing the write in a server crash is harmless (creating or claiming a trial,
    /// a heartbeat, an intermediate value): results are always durable. Default: none.
    /// </summary>
    public virtual string RelaxDurability => "";

    /// <summary>
    /// Whether the statements of one command run in one transaction of their own (PostgreSQL's implicit transaction), so
    /// a command that writes twice commits both or neither without an explicit transaction. Where they do not (SQLite
    /// commits each statement alone), such a command runs inside <see cref="BeginWrite"/>'s transaction. Default: false.
    /// </summary>
    public virtual bool RunsCommandAsOneTransaction => false;

    /// <summary>
    /// Whether one statement can insert a trial and its values (a data-modifying WITH), so a trial whose number is known
    /// in advance is created in one round trip. Default: false.
    /// </summary>
    public virtual bool InsertsTrialWithValues => false;

    /// <summary>
    /// Whether the read of changed trials (a few trials of a large study, on every report with a pruner and every ask)
    /// is sent as PostgreSQL runs it fastest: one statement text whatever the number of unfinished trials (an array
    /// parameter, <c>= ANY</c>), child tables read per trial through their key (<c>LATERAL</c>), and generic plans
    /// forced for the command (<c>plan_cache_mode</c>), so prepared statements are planned once per connection, not on
    /// every call. Default: false.
    /// </summary>
    public virtual bool ReadsChangedTrialsWithOnePlan => false;

    /// <summary>Appended to the query choosing a Waiting trial to claim, so workers skip rows others are claiming.</summary>
    public virtual string SkipLocked => "";

    /// <summary>Whether the exception means another writer got there first and the transaction should be retried.</summary>
    public virtual bool IsTransient(Exception error) => false;
}

using System.Data.Common;

namespace Caviar.Storage.Relational;

/// <summary>What differs between the SQL databases a <see cref="RelationalStudyStore"/> runs on.</summary>
public abstract class SqlDialect
{
    /// <summary>Statements creating the tables (idempotent), run once in a transaction when a store opens.</summary>
    public abstract string CreateTables { get; }

    /// <summary>Starts a transaction that writes; concurrent writers must not be able to interleave trial numbers.</summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Serialises trial-number allocation for one study within the current write transaction.</summary>
    public virtual void LockStudyForNumbering(DbConnection connection, DbTransaction transaction, long studyId) { }

    /// <summary>
    /// Lets the current transaction commit without waiting for its log to reach the disk. Used only where losing the
    /// write in a server crash is harmless (creating or claiming a trial, a heartbeat): results are always durable.
    /// </summary>
    public virtual void RelaxDurability(DbConnection connection, DbTransaction transaction) { }

    /// <summary>Appended to the query choosing a Waiting trial to claim, so workers skip rows others are claiming.</summary>
    public virtual string SkipLocked => "";

    /// <summary>Whether the exception means another writer got there first and the transaction should be retried.</summary>
    public virtual bool IsTransient(Exception error) => false;
}

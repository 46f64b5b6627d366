using System.ComponentModel;
using Caviar.Storage;
using Caviar.Storage.Postgres;
using Caviar.Validation;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>The --store option every command shares.</summary>
internal class StoreSettings : CommandSettings
{
    /// <summary>Where studies live when neither --store nor CAVIAR_STORE says otherwise.</summary>
    public const string DefaultStorePath = "caviar.db";

    [CommandOption("--store <PATH>")]
    [Description("The study store: a SQLite file, or postgres://user:password@host:port/database (default: $CAVIAR_STORE, else ./caviar.db).")]
    public string? Store { get; init; }

    public string ResolveStorePath() =>
        Store ?? Environment.GetEnvironmentVariable("CAVIAR_STORE") ?? DefaultStorePath;

    /// <summary>Opens the store, creating a SQLite file that is not there yet (verbs that write).</summary>
    public IStudyStore OpenStore() => StoreLocations.Open(ResolveStorePath());

    /// <summary>Whether the store is there: always for PostgreSQL, when its file exists for SQLite.</summary>
    public bool StoreExists() => PostgresUrl.IsPostgres(ResolveStorePath()) || File.Exists(ResolveStorePath());

    /// <summary>Opens a store that must exist already (verbs that only read never create one).</summary>
    public IStudyStore OpenExistingStore()
    {
        string location = ResolveStorePath();
        if (!StoreExists())
            throw new CaviarValidationException("--store",
                $"no store at '{Path.GetFullPath(location)}' (run caviar tune there first, or pass --store or set CAVIAR_STORE)");
        return StoreLocations.Open(location);
    }
}

/// <summary>Settings of commands that act on one study.</summary>
internal class StudySettings : StoreSettings
{
    [CommandArgument(0, "<STUDY>")]
    [Description("The study's name.")]
    public string StudyName { get; init; } = "";
}

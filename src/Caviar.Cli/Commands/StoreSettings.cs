using System.ComponentModel;
using Caviar.Storage;
using Caviar.Storage.Sqlite;
using Spectre.Console.Cli;

namespace Caviar.Cli.Commands;

/// <summary>The --store option every command shares.</summary>
public class StoreSettings : CommandSettings
{
    /// <summary>Where studies live when neither --store nor CAVIAR_STORE says otherwise.</summary>
    public const string DefaultStorePath = "caviar.db";

    [CommandOption("--store <PATH>")]
    [Description("The study store: a SQLite file, or postgres://user:password@host:port/database (default: $CAVIAR_STORE, else ./caviar.db).")]
    public string? Store { get; init; }

    public string ResolveStorePath() =>
        Store ?? Environment.GetEnvironmentVariable("CAVIAR_STORE") ?? DefaultStorePath;

    public IStudyStore OpenStore() => StoreLocations.Open(ResolveStorePath());
}

/// <summary>Settings of commands that act on one study.</summary>
public class StudySettings : StoreSettings
{
    [CommandArgument(0, "<STUDY>")]
    [Description("The study's name.")]
    public string StudyName { get; init; } = "";
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Caviar.Tests.Support;

/// <summary>
/// A private PostgreSQL server for the tests: initdb in a temporary folder, started on a free loopback port (as
/// the postgres user when the tests run as root), stopped and removed at the end. Needs Debian's postgresql
/// package (scripts/install-test-deps.sh installs it).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _directory;
    private readonly string _binaries;
    private int _databases;

    public PostgresServer()
    {
        _binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault() ?? ""
            : "";
        if (_binaries.Length == 0)
            throw new InvalidOperationException("PostgreSQL is not installed: run scripts/install-test-deps.sh (Debian package postgresql)");
        _directory = Path.Combine(Path.GetTempPath(), $"caviar-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        Port = FreePort();
        if (AsRoot) Run("chown", "postgres:postgres", _directory);
        RunAsOwner("initdb", "-D", Path.Combine(_directory, "data"), "-A", "trust", "-U", "caviar", "--no-sync");
        RunAsOwner("pg_ctl", "-D", Path.Combine(_directory, "data"), "-w", "-l", Path.Combine(_directory, "server.log"), "-o",
            $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200", "start");
    }

    public int Port { get; }

    /// <summary>A fresh, empty database on this server, as a postgres:// URL.</summary>
    public string NewDatabase()
    {
        string name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];
        using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=caviar;Database=postgres");
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return $"postgres://caviar@127.0.0.1:{Port}/{name}";
    }

    public void Dispose()
    {
        try { RunAsOwner("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"); }
        finally { Directory.Delete(_directory, recursive: true); }
    }

    private static bool AsRoot => Environment.UserName == "root";

    private void RunAsOwner(string tool, params string[] args)
    {
        string program = Path.Combine(_binaries, tool);
        if (AsRoot) Run("runuser", ["-u", "postgres", "--", program, .. args]);
        else Run(program, args);
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {output.Result}{error.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}

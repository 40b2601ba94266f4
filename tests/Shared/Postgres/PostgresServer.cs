using System.Diagnostics;
using Npgsql;

namespace Ldfi.Testing.Postgres;

/// <summary>
/// A throw-away PostgreSQL cluster for tests: Debian's server binaries (initdb, pg_ctl from PATH or /usr/lib/postgresql/*/bin),
/// a cluster in a temp folder, listening on loopback on a free port (its socket in the folder too), stopped and deleted on
/// dispose or, failing that, when the process exits. As root it runs the server as the postgres user, which PostgreSQL requires.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string InstallHint = "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin. Install them: sudo apt-get install -y postgresql";
    private readonly string bin;
    private readonly string folder;
    private readonly string? runAs;
    private int stopped;

    private PostgresServer(string bin, string folder, string? runAs, int port)
    {
        this.bin = bin;
        this.folder = folder;
        this.runAs = runAs;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    /// <summary>Gets the port the server listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Gets a connection string to the maintenance database <c>postgres</c>.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>Initialises and starts a fresh cluster; fails with what to install when PostgreSQL is missing.</summary>
    /// <param name="searchPath">Where to look for the binaries first (a PATH-style list); null for the PATH variable.</param>
    /// <param name="debianRoot">Debian's folder of server versions; null for <c>/usr/lib/postgresql</c>.</param>
    public static async Task<PostgresServer> StartAsync(string? searchPath = null, string? debianRoot = null)
    {
        var bin = FindBinaries(searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty, debianRoot ?? "/usr/lib/postgresql")
            ?? throw new InvalidOperationException(InstallHint);
        var folder = Path.Combine(Path.GetTempPath(), "ldfi-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        if (runAs is not null)
        {
            Run("chown", ["-R", runAs, folder]);
        }

        var server = new PostgresServer(bin, folder, runAs, LoopbackPorts.Take("postgres"));
        try
        {
            server.Exec("initdb", ["-D", server.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            server.Exec("pg_ctl", ["-D", server.Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
                "-o", $"-p {server.Port} -k {folder} -h 127.0.0.1 -F -c max_connections=200", "start"]);
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a fresh, uniquely named database and returns a connection string to it.</summary>
    /// <param name="prefix">A readable prefix for the name.</param>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        Stop();
        return ValueTask.CompletedTask;
    }

    private string Data => Path.Combine(folder, "data");

    private string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, MaxPoolSize = 50 }.ConnectionString;

    private void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            {
                Exec("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void Exec(string tool, string[] args)
    {
        var path = Path.Combine(bin, tool);
        if (runAs is null)
        {
            Run(path, args);
        }
        else
        {
            Run("runuser", ["-u", runAs, "--", path, .. args]);
        }
    }

    private static void Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {error}{output.Result}");
        }
    }

    private static string? FindBinaries(string searchPath, string debianRoot)
    {
        var onPath = searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var debian = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot).OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin"))
            : [];
        return onPath.Concat(debian).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

}

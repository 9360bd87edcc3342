using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EventScheduler.Tests.Api.Postgres;

/// <summary>A real PostgreSQL 15 server for the tests, one per test run, started on first use: a new cluster
/// (initdb) in a folder of its own owned by the postgres user (initdb and postgres refuse to run as root, and a
/// folder under a private temporary directory would not be readable to that user), listening on 127.0.0.1 on a free
/// port with its unix socket in the same folder. Each fixture gets a fresh database (<see cref="CreateDatabaseAsync"/>).
/// Stopped (pg_ctl stop -m immediate) and removed at the end of the run by <see cref="PostgresClusterTeardown"/>,
/// whether the tests passed or not, and at process exit as a last resort.</summary>
public static class PostgresCluster
{
    /// <summary>Where the binaries are (the postgresql-15 package); <c>ES_PG_BIN</c> overrides it.</summary>
    public static string BinDirectory => Environment.GetEnvironmentVariable("ES_PG_BIN") is { Length: > 0 } bin ? bin : "/usr/lib/postgresql/15/bin";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Server? _server;

    public static bool IsAvailable => File.Exists(Path.Combine(BinDirectory, "initdb")) && File.Exists(Path.Combine(BinDirectory, "pg_ctl"));

    /// <summary>A new, empty database on the run's cluster; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await StartAsync();
        var name = $"es_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return server.ConnectionString(name);
    }

    private static async Task<Server> StartAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_server is null)
            {
                if (!IsAvailable)
                {
                    Assert.Fail($"PostgreSQL 15 is not installed ({BinDirectory}/initdb missing): run scripts/install-test-deps.sh.");
                }

                _server = await Server.StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
            }

            return _server;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Stops the cluster at once (its data is disposable) and removes its folder.</summary>
    public static void Stop()
    {
        var server = Interlocked.Exchange(ref _server, null);
        server?.Stop();
    }

    private sealed class Server(string folder, int port)
    {
        private string Data => Path.Combine(folder, "data");

        public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Database = database,
            Username = "postgres",
            // The tests open and drop many pools; keep each small.
            MaxPoolSize = 20,
            Timeout = 30,
        }.ConnectionString;

        public static async Task<Server> StartAsync()
        {
            var folder = Path.Combine("/tmp", $"es-pg-{Guid.NewGuid():N}"[..14]);
            Directory.CreateDirectory(folder);
            var asRoot = Environment.UserName == "root";
            if (asRoot)
            {
                await RunAsync("chown", ["postgres:postgres", folder], asPostgres: false);
            }

            var server = new Server(folder, FreePort());
            await RunAsync(Path.Combine(BinDirectory, "initdb"),
                ["-D", server.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], asRoot);
            // Throw-away data: no fsync (the crash tests kill the API, not the server); sockets and log in the folder.
            var options = $"-c listen_addresses=127.0.0.1 -p {server.Port} -k {folder} -c fsync=off -c synchronous_commit=on -c full_page_writes=off "
                          + "-c max_connections=300 -c shared_buffers=64MB";
            await RunAsync(Path.Combine(BinDirectory, "pg_ctl"),
                ["-D", server.Data, "-l", Path.Combine(folder, "server.log"), "-o", options, "-w", "-t", "60", "start"], asRoot);
            return server;
        }

        public int Port => port;

        public void Stop()
        {
            try
            {
                RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "stop"], Environment.UserName == "root")
                    .GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the folder goes anyway.
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
        {
            var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (asPostgres)
            {
                foreach (var a in new[] { "-u", "postgres", "--", file })
                {
                    start.ArgumentList.Add(a);
                }
            }

            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stdout} {await stderr}");
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

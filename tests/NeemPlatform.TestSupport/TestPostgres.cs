using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Testcontainers.PostgreSql;

namespace NeemPlatform.TestSupport;

/// <summary>
/// One real PostgreSQL per test run, from the first source that is available:
/// 1. <c>NEEM_TEST_POSTGRES</c>: a connection string to a server where the tests may create databases;
/// 2. Testcontainers, when a Docker engine answers;
/// 3. a throwaway local cluster started from the installed server binaries (fast, non-durable settings),
///    removed when the test process exits.
/// Each test class gets a database of its own from <see cref="CreateDatabaseAsync"/>, so classes never see
/// each other's data.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "NEEM_TEST_POSTGRES";

    private static readonly Lazy<Task<Server>> Instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Where this run's server came from: environment, testcontainers or local-cluster.</summary>
    public static async Task<string> SourceAsync() => (await Instance.Value).Source;

    public static async Task<string> AdminConnectionStringAsync() => (await Instance.Value).AdminConnectionString;

    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        var server = await Instance.Value;
        var safe = new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        var name = $"t_{(safe.Length > 20 ? safe[..20] : safe)}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
    }

    private sealed record Server(string Source, string AdminConnectionString);

    /// <summary>A client program of the installed PostgreSQL (pg_dump, pg_restore), or null where none is installed.</summary>
    public static string? Tool(string name) => LocalCluster.Binaries() is { } bin && File.Exists(Path.Combine(bin, name)) ? Path.Combine(bin, name) : null;

    /// <summary>Stops the run's local cluster for <paramref name="down"/>, then starts it again (fault tests).</summary>
    public static async Task StopForAsync(TimeSpan down)
    {
        await Instance.Value;
        LocalCluster.Stop();
        await Task.Delay(down);
        LocalCluster.StartAgain();
    }

    private static async Task<Server> StartAsync()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return new Server("environment", given);
        }

        if (DockerAnswers())
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine")
                .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=500")
                .Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return new Server("testcontainers", container.GetConnectionString());
        }

        return new Server("local-cluster", LocalCluster.Start());
    }

    private static bool DockerAnswers()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("docker", ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true
            });
            if (process is null || !process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process?.Kill(true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>A cluster in a temporary directory, run as the postgres user when the tests run as root.</summary>
    private static class LocalCluster
    {
        public static string Start()
        {
            var bin = FindBinaries() ?? throw new InvalidOperationException(
                "No PostgreSQL for the tests: set NEEM_TEST_POSTGRES, start Docker, or install the PostgreSQL " +
                "server binaries (Debian: apt-get install -y postgresql).");
            var runAs = Environment.UserName == "root" ? "postgres" : null;
            RemoveClustersOfEndedRuns(bin, runAs);
            var directory = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
            Directory.CreateDirectory(directory);
            if (runAs is not null)
            {
                Run("chown", [runAs, directory]);
            }

            var data = Path.Combine(directory, "data");
            var port = FreePort();
            RunAs(runAs, Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "--no-locale", "-E", "UTF8"]);
            RunAs(runAs, Path.Combine(bin, "pg_ctl"),
            [
                "-D", data, "-w", "-t", "60", "-l", Path.Combine(directory, "server.log"), "start", "-o",
                $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                "-c full_page_writes=off -c max_connections=500 -c shared_buffers=256MB"
            ]);

            AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(bin, runAs, directory);
            Current = (bin, runAs, data, directory, port);

            return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=40;No Reset On Close=true";
        }

        private const string Prefix = "neem-test-pg-";

        public static (string Bin, string? RunAs, string Data, string Directory, int Port)? Current { get; private set; }

        public static void Stop()
        {
            var c = Current ?? throw new InvalidOperationException("Only the local cluster can be stopped and started.");
            RunAs(c.RunAs, Path.Combine(c.Bin, "pg_ctl"), ["-D", c.Data, "-m", "fast", "-w", "stop"]);
        }

        public static void StartAgain()
        {
            var c = Current ?? throw new InvalidOperationException("Only the local cluster can be stopped and started.");
            RunAs(c.RunAs, Path.Combine(c.Bin, "pg_ctl"),
            [
                "-D", c.Data, "-w", "-t", "60", "-l", Path.Combine(c.Directory, "server.log"), "start", "-o",
                $"-p {c.Port} -k {c.Directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                "-c full_page_writes=off -c max_connections=500 -c shared_buffers=256MB"
            ]);
        }

        private static void Remove(string bin, string? runAs, string directory)
        {
            try
            {
                var data = Path.Combine(directory, "data");
                if (File.Exists(Path.Combine(data, "postmaster.pid")))
                {
                    RunAs(runAs, Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
                }

                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Left for the next run's clean-up.
            }
        }

        /// <summary>A test process that was killed leaves its cluster behind: the next run removes it.</summary>
        private static void RemoveClustersOfEndedRuns(string bin, string? runAs)
        {
            foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
            {
                var name = Path.GetFileName(directory)[Prefix.Length..];
                var pidText = name.Split('-')[0];
                if (int.TryParse(pidText, out var pid) && !IsAlive(pid))
                {
                    Remove(bin, runAs, directory);
                }
            }
        }

        private static bool IsAlive(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        public static string? Binaries() => FindBinaries();

        private static string? FindBinaries()
        {
            if (Directory.Exists("/usr/lib/postgresql"))
            {
                var found = Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                    .OrderByDescending(d => d, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (found is not null)
                {
                    return found;
                }
            }

            return (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")));
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static void RunAs(string? user, string program, string[] arguments) =>
            Run(user is null ? program : "setpriv",
                user is null ? arguments : [$"--reuid={user}", $"--regid={user}", "--init-groups", program, .. arguments]);

        private static void Run(string program, string[] arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = "/"
            }) ?? throw new InvalidOperationException($"Could not start {program}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error} {output.Result}");
            }
        }
    }
}

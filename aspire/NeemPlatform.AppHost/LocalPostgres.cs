using System.Diagnostics;
using System.Security.Cryptography;

namespace NeemPlatform.AppHost;

/// <summary>
/// Runs the PostgreSQL server binaries installed on this machine, with a durable data directory that
/// outlives the run (default: <c>$XDG_DATA_HOME/neem-platform/&lt;region&gt;/postgres</c>, or
/// <c>/var/lib/neem-platform/&lt;region&gt;/postgres</c> when started as root). The first run creates the
/// cluster (initdb), a password for the <c>neem</c> role and the <c>neem</c> database; later runs find them.
/// PostgreSQL refuses to run as root, so as root the server runs as the <c>postgres</c> system user.
/// </summary>
internal sealed record LocalPostgres(string Command, string[] Arguments, string DataDirectory, string ConnectionString)
{
    private const string Role = "neem";
    private const string Database = "neem";

    public static string? FindBinDirectory(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(Path.Combine(configured, "postgres")) ? configured : null;
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")) && File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        if (debian is not null)
        {
            return debian;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "postgres")) && File.Exists(Path.Combine(d, "initdb")));
    }

    public static LocalPostgres Prepare(PlatformSettings settings)
    {
        var bin = FindBinDirectory(settings.BinDirectory) ?? throw new PlatformConfigurationException(
            "Postgres:Mode is local but no PostgreSQL server binaries were found. Install them " +
            "(Debian/Ubuntu: sudo apt-get install -y postgresql) or set Postgres:BinDirectory.");

        var runAs = settings.RunAsUser ?? (Environment.UserName == "root" ? "postgres" : null);
        var baseDirectory = settings.DataDirectory is not null
            ? Path.GetFullPath(settings.DataDirectory)
            : DefaultBaseDirectory(settings.InstanceName);
        var dataDirectory = Path.Combine(baseDirectory, "postgres");
        var passwordFile = Path.Combine(baseDirectory, "neem.password");

        Directory.CreateDirectory(baseDirectory);
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            Initialise(bin, runAs, baseDirectory, dataDirectory, passwordFile);
        }

        var password = File.ReadAllText(passwordFile).Trim();
        string[] serverArgs =
        [
            "-D", dataDirectory,
            "-p", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", dataDirectory,
            "-c", "listen_addresses=127.0.0.1",
            // The whole programme runs fourteen services on one server, each with its connection pools.
            "-c", $"max_connections={(settings.Programme ? 1000 : 300)}",
        ];
        var postgres = Path.Combine(bin, "postgres");
        var (command, arguments) = runAs is null
            ? (postgres, serverArgs)
            : ("setpriv", [$"--reuid={runAs}", $"--regid={runAs}", "--init-groups", postgres, .. serverArgs]);

        var connectionString =
            $"Host=127.0.0.1;Port={settings.Port};Database={Database};Username={Role};Password={password};" +
            "Maximum Pool Size=60;No Reset On Close=true";
        return new LocalPostgres(command, arguments, dataDirectory, connectionString);
    }

    internal static string DefaultBaseDirectory(string region)
    {
        if (Environment.UserName == "root")
        {
            return Path.Combine("/var/lib/neem-platform", region);
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "neem-platform", region);
    }

    private static void Initialise(string bin, string? runAs, string baseDirectory, string dataDirectory, string passwordFile)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        File.WriteAllText(passwordFile, password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // initdb reads the password from a file the server's user can read; it is removed right after.
        var initPasswordFile = Path.Combine(baseDirectory, ".initdb-password");
        File.WriteAllText(initPasswordFile, password);
        try
        {
            if (runAs is not null)
            {
                Run("chown", [$"{runAs}:", baseDirectory, initPasswordFile]);
            }

            RunAs(runAs, Path.Combine(bin, "initdb"),
            [
                "-D", dataDirectory, "-U", Role, "--pwfile", initPasswordFile, "--auth-local=scram-sha-256",
                "--auth-host=scram-sha-256", "--encoding=UTF8", "--no-locale"
            ]);
        }
        finally
        {
            File.Delete(initPasswordFile);
        }

        // Single-user mode creates the platform's database without starting a server.
        RunAs(runAs, Path.Combine(bin, "postgres"), ["--single", "-D", dataDirectory, "postgres"],
            stdin: $"CREATE DATABASE {Database} OWNER {Role};\n");
    }

    private static void RunAs(string? user, string program, string[] arguments, string? stdin = null)
    {
        if (user is null)
        {
            Run(program, arguments, stdin);
        }
        else
        {
            Run("setpriv", [$"--reuid={user}", $"--regid={user}", "--init-groups", program, .. arguments], stdin);
        }
    }

    private static void Run(string program, string[] arguments, string? stdin = null)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/"
        }) ?? throw new PlatformConfigurationException($"Could not start {program}.");
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdoutTask.Result;
        if (process.ExitCode != 0)
        {
            throw new PlatformConfigurationException(
                $"{Path.GetFileName(program)} failed with exit code {process.ExitCode}: {stderr.Trim()}");
        }
    }
}

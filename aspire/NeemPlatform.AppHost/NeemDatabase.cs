using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace NeemPlatform.AppHost;

/// <summary>
/// The database every service connects to: <see cref="Attach"/> gives a service its connection string and makes it wait until
/// the server is healthy. For the whole programme on one server, <see cref="AttachInstance"/> gives it its instance's database
/// (<c>neem_stockholm</c>, <c>neem_vasteras</c>, <c>neem_orebro</c>, <c>neem_national</c>), created when missing.
/// </summary>
internal sealed record NeemDatabase(
    string Mode,
    Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> Attach,
    Func<IResourceBuilder<ProjectResource>, string, IResourceBuilder<ProjectResource>> AttachInstance);

internal static class NeemDatabaseExtensions
{
    public const string ConnectionName = "neem";

    /// <summary>The database of one instance of the programme on a shared server.</summary>
    public static string DatabaseOf(string instance) => $"neem_{instance}";

    public static string ForInstance(string connectionString, string instance) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = DatabaseOf(instance) }.ConnectionString;

    public static NeemDatabase AddNeemDatabase(this IDistributedApplicationBuilder builder, PlatformSettings settings,
        IReadOnlyList<string>? instances = null)
    {
        var mode = settings.Mode == PostgresMode.Auto ? ChooseAutomatically(settings) : settings.Mode;
        return mode switch
        {
            PostgresMode.Local => AddLocal(builder, settings, instances ?? []),
            PostgresMode.Container => AddContainer(builder, settings),
            PostgresMode.External => AddExternal(builder, settings, instances ?? []),
            _ => throw new PlatformConfigurationException($"Unknown PostgreSQL mode {mode}.")
        };
    }

    /// <summary>Local server binaries first (no container engine needed), then a container engine that answers.</summary>
    private static PostgresMode ChooseAutomatically(PlatformSettings settings)
    {
        if (settings.ExternalConnectionString is not null)
        {
            return PostgresMode.External;
        }

        if (LocalPostgres.FindBinDirectory(settings.BinDirectory) is not null)
        {
            return PostgresMode.Local;
        }

        if (ContainerEngine.Answers())
        {
            return PostgresMode.Container;
        }

        throw new PlatformConfigurationException(
            "No PostgreSQL to run the platform on. Do one of these: install the PostgreSQL server binaries " +
            "(Debian/Ubuntu: sudo apt-get install -y postgresql; then Postgres:Mode=local is chosen), start a " +
            "container engine (Docker or Podman; Postgres:Mode=container), or point the platform at an existing " +
            "server with Postgres__Mode=external and ConnectionStrings__neem=\"Host=...;Database=...;Username=...;Password=...\".");
    }

    private static NeemDatabase AddLocal(IDistributedApplicationBuilder builder, PlatformSettings settings, IReadOnlyList<string> instances)
    {
        var local = LocalPostgres.Prepare(settings);
        builder.Configuration[$"ConnectionStrings:{ConnectionName}"] = local.ConnectionString;

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("postgres-local",
            _ => new PostgresReadyCheck(local.ConnectionString, instances), HealthStatus.Unhealthy, []));

        var server = builder.AddExecutable("postgres", local.Command, local.DataDirectory, local.Arguments)
            .WithHealthCheck("postgres-local");
        var connection = builder.AddConnectionString(ConnectionName);
        return new NeemDatabase("local", p => p.WithReference(connection).WaitFor(server),
            (p, instance) => p.WithEnvironment($"ConnectionStrings__{ConnectionName}", ForInstance(local.ConnectionString, instance)).WaitFor(server));
    }

    private static NeemDatabase AddContainer(IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        var server = builder.AddPostgres("postgres")
            .WithDataVolume($"neem-{settings.Region}-pgdata")
            .WithLifetime(ContainerLifetime.Session);
        var database = server.AddDatabase(ConnectionName);
        var instances = new Dictionary<string, IResourceBuilder<PostgresDatabaseResource>>();
        return new NeemDatabase("container", p => p.WithReference(database).WaitFor(database), (p, instance) =>
        {
            if (!instances.TryGetValue(instance, out var own))
            {
                instances[instance] = own = server.AddDatabase($"neem-{instance}", DatabaseOf(instance));
            }

            return p.WithReference(own, ConnectionName).WaitFor(own);
        });
    }

    private static NeemDatabase AddExternal(IDistributedApplicationBuilder builder, PlatformSettings settings, IReadOnlyList<string> instances)
    {
        if (settings.ExternalConnectionString is null)
        {
            throw new PlatformConfigurationException(
                "Postgres:Mode is external but no connection string is given: set ConnectionStrings__neem.");
        }

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("postgres-external",
            _ => new PostgresReadyCheck(settings.ExternalConnectionString, instances), HealthStatus.Unhealthy, []));
        var connection = builder.AddConnectionString(ConnectionName).WithHealthCheck("postgres-external");
        return new NeemDatabase("external", p => p.WithReference(connection).WaitFor(connection),
            (p, instance) => p.WithEnvironment($"ConnectionStrings__{ConnectionName}", ForInstance(settings.ExternalConnectionString, instance))
                .WaitFor(connection));
    }
}

/// <summary>
/// Healthy once the server accepts a query on the platform's database and, for the programme on one server, every instance's
/// database exists (created here when missing: the role that owns the platform's database may create databases).
/// </summary>
internal sealed class PostgresReadyCheck(string connectionString, IReadOnlyList<string> instances) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            foreach (var instance in instances)
            {
                await using var exists = new NpgsqlCommand("select count(*) from pg_database where datname = $1", connection)
                {
                    Parameters = { new NpgsqlParameter { Value = NeemDatabaseExtensions.DatabaseOf(instance) } }
                };
                if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! == 0)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{NeemDatabaseExtensions.DatabaseOf(instance)}\"", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            return HealthCheckResult.Healthy();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            return HealthCheckResult.Unhealthy("An instance's database was being created; checking again.");
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL is not ready ({ex.GetType().Name}).");
        }
    }
}

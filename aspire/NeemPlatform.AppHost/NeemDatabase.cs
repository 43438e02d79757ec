using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace NeemPlatform.AppHost;

/// <summary>The database every service connects to: <see cref="Attach"/> gives a service its connection string
/// and makes it wait until the server is healthy.</summary>
internal sealed record NeemDatabase(string Mode, Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> Attach);

internal static class NeemDatabaseExtensions
{
    public const string ConnectionName = "neem";

    public static NeemDatabase AddNeemDatabase(this IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        var mode = settings.Mode == PostgresMode.Auto ? ChooseAutomatically(settings) : settings.Mode;
        return mode switch
        {
            PostgresMode.Local => AddLocal(builder, settings),
            PostgresMode.Container => AddContainer(builder, settings),
            PostgresMode.External => AddExternal(builder, settings),
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

    private static NeemDatabase AddLocal(IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        var local = LocalPostgres.Prepare(settings);
        builder.Configuration[$"ConnectionStrings:{ConnectionName}"] = local.ConnectionString;

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("postgres-local",
            _ => new PostgresReadyCheck(local.ConnectionString), HealthStatus.Unhealthy, []));

        var server = builder.AddExecutable("postgres", local.Command, local.DataDirectory, local.Arguments)
            .WithHealthCheck("postgres-local");
        var connection = builder.AddConnectionString(ConnectionName);
        return new NeemDatabase("local", p => p.WithReference(connection).WaitFor(server));
    }

    private static NeemDatabase AddContainer(IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        var server = builder.AddPostgres("postgres")
            .WithDataVolume($"neem-{settings.Region}-pgdata")
            .WithLifetime(ContainerLifetime.Session);
        var database = server.AddDatabase(ConnectionName);
        return new NeemDatabase("container", p => p.WithReference(database).WaitFor(database));
    }

    private static NeemDatabase AddExternal(IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        if (settings.ExternalConnectionString is null)
        {
            throw new PlatformConfigurationException(
                "Postgres:Mode is external but no connection string is given: set ConnectionStrings__neem.");
        }

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("postgres-external",
            _ => new PostgresReadyCheck(settings.ExternalConnectionString), HealthStatus.Unhealthy, []));
        var connection = builder.AddConnectionString(ConnectionName).WithHealthCheck("postgres-external");
        return new NeemDatabase("external", p => p.WithReference(connection).WaitFor(connection));
    }
}

/// <summary>Healthy once the server accepts a query on the platform's database.</summary>
internal sealed class PostgresReadyCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL is not ready ({ex.GetType().Name}).");
        }
    }
}

using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace NeemPlatform.TestSupport;

/// <summary>
/// One service running in-process (Alba over the real ASP.NET Core pipeline) against a database of its
/// own on the test run's real PostgreSQL, with Wolverine's real PostgreSQL transport and outbox.
/// </summary>
public abstract class ServiceFixture<TProgram> : IAsyncLifetime where TProgram : class
{
    public IAlbaHost Host { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    /// <summary>What the service logged, at Debug and above.</summary>
    public CapturedLogs Logs { get; } = new();

    public virtual string Region => "stockholm";

    /// <summary>An HTTP client that calls the service as a staff member of <paramref name="region"/> (default: the service's own).</summary>
    public HttpClient StaffClient(string role = "advisor", string? region = null, string subject = "staff-1", string? name = null)
    {
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization =
            new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestAuth.TokenFor(role, region ?? Region, subject, name));
        return client;
    }

    /// <summary>Extra configuration for the service under test.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>The service's name: its Marten schema and the queue it consumes.</summary>
    public abstract string Service { get; }

    /// <summary>How many events the service stored in one stream.</summary>
    public Task<long> EventsInStreamAsync(Guid streamId) =>
        TransportTables.CountAsync(ConnectionString, $"select count(*) from {Service}.mt_events where stream_id = '{streamId}'");

    /// <summary>How many messages of a contract about one participant wait in another service's queue.</summary>
    public Task<long> QueuedForAsync(string queue, string messageIdentity, Guid participantId) =>
        TransportTables.CountAsync(ConnectionString,
            $"select count(*) from {TransportTables.Schema}.wolverine_queue_{queue} where message_type = '{messageIdentity}' " +
            $"and encode(body, 'escape') like '%{participantId}%'");

    /// <summary>Extra services for the service under test (after its own registrations).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        ConnectionString = await TestPostgres.CreateDatabaseAsync(GetType().Name);
        await StartHostAsync();
    }

    /// <summary>Stops the service (its database stays), as when its machine goes down.</summary>
    public async Task StopAsync()
    {
        await Host.DisposeAsync();
        Host = null!;
    }

    /// <summary>Starts the service again on the database it had.</summary>
    public Task StartAgainAsync() => StartHostAsync();

    /// <summary>Starts the service on a database that exists already (a restored backup, say), instead of a new one.</summary>
    public Task StartOnAsync(string connectionString)
    {
        JasperFxEnvironment.AutoStartHost = true;
        ConnectionString = connectionString;
        return StartHostAsync();
    }

    private async Task StartHostAsync()
    {
        Host = await AlbaHost.For<TProgram>(builder =>
        {
            TestHostSettings.Apply(builder, ConnectionString, Region);
            builder.ConfigureServices(services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs));
            foreach (var (key, value) in Settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(ConfigureServices);
        });
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

/// <summary>What every service under test is given: Development, its database and region, the development issuer and the test keys.</summary>
public static class TestHostSettings
{
    public static void Apply(IWebHostBuilder builder, string connectionString, string region)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:neem", connectionString);
        builder.UseSetting("Neem:Region", region);
        builder.UseSetting("Neem:Auth:DevelopmentSigningKey", TestAuth.SigningKey);
        builder.UseSetting("Neem:Auth:DevelopmentIssuer", "true");
        builder.UseSetting("Neem:Participant:IdentityKey", TestAuth.IdentityKey);
        builder.UseSetting("Neem:Lending:StatementKey", TestAuth.IdentityKey);
        builder.UseSetting("Neem:Impact:FeedSecret", TestAuth.IdentityKey);
    }
}

using JasperFx;
using Scalar.AspNetCore;
using Wolverine.Http;

namespace NeemPlatform.Hosting;

/// <summary>
/// The shape every NEEM service shares: Marten in the service's own schema, Wolverine with the durable
/// inbox/outbox and the PostgreSQL transport (one queue per consuming service), Wolverine.HTTP endpoints,
/// problem+json for every error, OpenAPI with an interactive page, and the JasperFx command line.
/// A service's Program.cs calls <see cref="AddNeemService"/> and <see cref="RunNeemServiceAsync"/>.
/// </summary>
public static class NeemServiceHosting
{
    public const string ConnectionStringName = "neem";

    /// <summary>All services share this schema for the PostgreSQL transport's queue tables.</summary>
    public const string TransportSchema = "neem_queues";

    public static WebApplicationBuilder AddNeemService(
        this WebApplicationBuilder builder,
        NeemService service,
        Action<StoreOptions>? configureMarten = null)
    {
        builder.AddServiceDefaults();

        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. Run the platform through the AppHost " +
                "(dotnet run --project aspire/NeemPlatform.AppHost) or set ConnectionStrings__neem.");
        }

        if (builder.Configuration["Neem:Region"] == Regions.National && !service.ServesNationalView)
        {
            throw new InvalidOperationException(
                $"The {service.Name} service serves one region (Neem:Region is one of {string.Join(", ", Regions.All)}); only Impact runs as the national view.");
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new NeemServiceInfo(service.Name, service.Queue));
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(service.Endpoints);
        builder.AddNeemData(service, connectionString, configureMarten);
        builder.AddNeemMessaging(service);
        builder.Services.AddNeemAuthentication(builder.Configuration, builder.Environment);
        builder.AddNeemHttp(service);

        return builder;
    }


    public static async Task<int> RunNeemServiceAsync(this WebApplication app, string[] args)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Who first (a token of another region is a 403 whatever it sends), then what: the body rules.
        app.UseAuthentication();
        app.UseInstanceRegion();
        app.UseAuthorization();
        app.UseRequestBodyLimit(app.Services.GetRequiredService<HttpLimits>().MaxRequestBodyBytes);
        app.UseStrictQueryDates();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapScalarApiReference("/api-docs");
        app.MapDefaultEndpoints();
        app.MapProblemPages();
        app.MapGet("/api/info", (NeemServiceInfo info, RegionOptions region) =>
                new ServiceInfo(info.Name, region.Region, info.Queue))
            .WithName("GetServiceInfo")
            .WithTags("Platform")
            .WithSummary("Which service this is, the region it serves and the queue it consumes");

        app.MapDevelopmentIssuer(app.Services.GetRequiredService<AuthOptions>(), app.Environment,
            app.Services.GetRequiredService<TimeProvider>());

        app.MapWolverineEndpoints(opts =>
        {
            opts.WarmUpRoutes = RouteWarmup.Eager;
            // A query value or header that does not parse is a 400 naming it, never silently the default.
            opts.RejectUnparseableQueryValues = true;
            opts.RejectUnparseableHeaderValues = true;
            var groups = app.Services.GetRequiredService<EndpointGroups>();
            opts.ConfigureEndpoints(groups.Apply);
            RegionalAggregates.Apply(opts, app.Services.GetRequiredService<NeemService>().Assembly);
        });

        return await app.RunJasperFxCommands(args);
    }
}

/// <summary>
/// Which service, its Marten schema and the queue it consumes; the tag and policy of each folder's endpoints; whether it can also
/// run as the national view.
/// </summary>
public sealed record NeemService(string Name, System.Reflection.Assembly Assembly, EndpointGroups Endpoints, bool ServesNationalView = false)
{
    public string Schema => Name;
    public string Queue => Name;
}

public sealed record NeemServiceInfo(string Name, string Queue);

/// <summary>The request limits every API shares.</summary>
public sealed record HttpLimits(long MaxRequestBodyBytes);

/// <summary>The answer of <c>GET /api/info</c>.</summary>
public sealed record ServiceInfo(string Service, string Region, string Queue);

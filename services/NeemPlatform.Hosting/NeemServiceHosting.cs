using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using NeemPlatform.Contracts;
using Scalar.AspNetCore;
using Weasel.Core;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Postgresql;

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
        builder.Services.AddSingleton(service.Endpoints);
        // No Reset On Close keeps the server-side plans of Marten's append functions across pooled uses
        // (Npgsql otherwise sends DISCARD ALL on every return to the pool): 1.6–1.8× faster appends (STACK.md).
        // Auto-prepare spares PostgreSQL the parse and plan of statements sent again and again (its largest cost in
        // a perf profile of the referral intake): 334 → 503 req/s at 16 partners.
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(
            new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxAutoPrepare = 256, AutoPrepareMinUsages = 2 }.ConnectionString)
        {
            Name = service.Name
        }.Build());
        builder.Services.AddHostedService<DatabaseStartupGate>();

        builder.Services.AddMarten(opts =>
            {
                opts.DatabaseSchemaName = service.Schema;
                opts.Events.DatabaseSchemaName = service.Schema;
                opts.Events.StreamIdentity = StreamIdentity.AsGuid;
                opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
                opts.Events.MetadataConfig.CorrelationIdEnabled = true;
                opts.Events.MetadataConfig.CausationIdEnabled = true;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                configureMarten?.Invoke(opts);
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .IntegrateWithWolverine(x =>
            {
                x.MessageStorageSchemaName = service.Schema;
                x.TransportSchemaName = TransportSchema;
            })
            .ApplyAllDatabaseChangesOnStartup();

        builder.Host.UseWolverine(opts =>
        {
            opts.ServiceName = service.Name;
            opts.ApplicationAssembly = service.Assembly;
            // Outside Development the handlers' and endpoints' code is the code generated ahead of time and compiled in
            // (Internal/Generated, written by .ci/codegen): no Roslyn at start-up. In Development (tests, local runs) it is
            // generated at start, so a changed handler needs no step; a test fails when the committed code is stale.
            // Neem:CodeGeneration:TypeLoadMode (Dynamic or Static) overrides the choice: the start-up benchmark compares the two.
            var typeLoad = builder.Configuration.GetValue<TypeLoadMode?>(GeneratedCode.TypeLoadModeSetting);
            if (typeLoad is TypeLoadMode.Dynamic || (typeLoad is null && builder.Environment.IsDevelopment()))
            {
                opts.UseRuntimeCompilation();
                opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
            }
            else
            {
                opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            }

            if (builder.Configuration[GeneratedCode.OutputPathSetting] is { Length: > 0 } generatedPath)
            {
                opts.CodeGeneration.GeneratedCodeOutputPath = generatedPath;
            }
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.Policies.UseDurableInboxOnAllListeners();
            opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(500);

            // Lost races (optimistic concurrency, two handlers starting one stream, a duplicate insert) are
            // retried: the retry sees the winner's state and the handler's own idempotency check makes it a
            // no-op or applies it on top. Transient database faults are retried for minutes, then scheduled.
            opts.OnException(IsLostRace)
                .RetryWithCooldown(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250))
                .Then.ScheduleRetry(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
            opts.OnException(IsTransientDatabaseFault)
                .RetryWithCooldown(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5))
                .Then.ScheduleRetry(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1),
                    TimeSpan.FromMinutes(5));

            // A message sent to a service's queue wakes its listener at once (PostgreSQL LISTEN/NOTIFY, one connection per
            // process); polling stays as the fallback that finds what a lost notification left. Without notifications the
            // queue is polled every 50 ms, the hop's latency then.
            var notifications = builder.Configuration.GetValue("Neem:Messaging:QueueNotifications", true);
            opts.Transports.GetOrCreate<Wolverine.Postgresql.Transport.PostgresqlTransport>().EnableQueueNotifications = notifications;
            var polling = builder.Configuration.GetValue("Neem:Messaging:PollingMilliseconds", notifications ? 500 : 50);
            opts.ListenToPostgresqlQueue(service.Queue)
                .PollingInterval(TimeSpan.FromMilliseconds(Math.Clamp(polling, 10, 5_000)))
                .MaximumMessagesToReceive(100);

            foreach (var (messageType, queues) in Queues.Routes)
            {
                foreach (var queue in queues)
                {
                    opts.PublishMessage(messageType).ToPostgresqlQueue(queue);
                }
            }
        });

        builder.Services.AddNeemAuthentication(builder.Configuration, builder.Environment);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RateLimits.WriteRejectionAsync;
        });
        var bodyLimit = builder.Configuration.GetValue("Neem:Http:MaxRequestBodyBytes", RequestBodyLimit.DefaultBytes);
        builder.Services.AddSingleton(new HttpLimits(bodyLimit));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = bodyLimit);

        builder.Services.AddWolverineHttp();
        builder.Services.ConfigureSystemTextJsonForWolverineOrMinimalApi(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddNeemProblems();
        builder.Services.AddOpenApi(o => ApiDocumentation.Configure(o, service.Name));

        return builder;
    }

    /// <summary>A concurrent writer won: the message is still valid and must be tried again.</summary>
    public static bool IsLostRace(Exception exception) => exception switch
    {
        JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException
            or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException
            or JasperFx.DocumentAlreadyExistsException => true,
        PostgresException pg => pg.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected,
        _ => exception.InnerException is { } inner && IsLostRace(inner)
    };

    /// <summary>The database is unreachable or restarting: nothing is wrong with the message.</summary>
    public static bool IsTransientDatabaseFault(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow
                                    or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.TooManyConnections,
        System.Net.Sockets.SocketException or TimeoutException => true,
        _ => exception.InnerException is { } inner && IsTransientDatabaseFault(inner)
    };

    /// <summary>The JSON rules of every NEEM API: camelCase, enums as strings, required means required.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        options.MaxDepth = 32;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(NoNullElements.Modifier);
    }

    /// <summary>Every error as problem+json: the request path as its instance, no exception details, no stack trace.</summary>
    public static IServiceCollection AddNeemProblems(this IServiceCollection services)
    {
        // Before ASP.NET's own writer, which answers only requests that accept JSON.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions.Remove("exception");
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
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

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every NEEM service shares: OpenTelemetry, health, service discovery, HTTP resilience and the
/// region the instance serves. Modelled on the eShop ServiceDefaults.
/// </summary>
public static class ServiceDefaultsExtensions
{
    private const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddRegion();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Retries only for safe methods: a POST that timed out may already have been applied.
            // Commands carry their own idempotency (Idempotency-Key, business keys) instead.
            // One pipeline per destination: configured as a default, the standard handler is a single pipeline for
            // every client, so one dependency that is down (a service, the telemetry collector) would open the circuit
            // of all the others.
            http.AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods()).SelectPipelineByAuthority();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder AddRegion<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<RegionOptions>()
            .Bind(builder.Configuration.GetSection(RegionOptions.Section))
            .Validate(o => Regions.IsInstance(o.Region),
                $"Neem:Region must be one of: {string.Join(", ", Regions.Instances)}.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<RegionOptions>>().Value);
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Wolverine", "Marten", "Npgsql"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("Wolverine", "Marten")
                .AddNpgsql()
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health")
                                      && !ctx.Request.Path.StartsWithSegments("/alive");
                    o.EnrichWithHttpRequest = (activity, request) =>
                    {
                        if (OneTimeLinks.Redact(request.Path.Value) is { } path)
                        {
                            activity.SetTag("url.path", path);
                            activity.DisplayName = $"{request.Method} {path}";
                        }
                    };
                })
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
                {
                    if (request.RequestUri is { } uri && OneTimeLinks.Redact(uri.AbsolutePath) is { } path)
                    {
                        activity.SetTag("url.full", $"{uri.Scheme}://{uri.Authority}{path}");
                    }
                }));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var checks = builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        // Only what has a database checks it: the portal and the partner gateway keep none.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["ConnectionStrings:neem"]))
        {
            checks.AddCheck<PostgresHealthCheck>("postgres", HealthStatus.Unhealthy, ["ready", "db"]);
        }

        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check (the database included), as JSON with the region the instance serves.
    /// <c>/alive</c>: only that the process answers.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync })
            .ExcludeFromDescription();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) })
            .ExcludeFromDescription();
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        var region = context.RequestServices.GetService<RegionOptions>()?.Region;
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            service = context.RequestServices.GetRequiredService<IHostEnvironment>().ApplicationName,
            region,
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = e.Value.Duration.TotalMilliseconds })
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, HealthJson));
    }

    private static readonly JsonSerializerOptions HealthJson = new(JsonSerializerDefaults.Web);
}

/// <summary>
/// A participant's one-time follow-up link is a secret until she has used it: its token never reaches a trace (the path of
/// the portal's page and of the Participant service's operation is recorded with the token replaced).
/// </summary>
public static class OneTimeLinks
{
    private static readonly string[] Prefixes = ["/uppfoljning/", "/api/follow-up-links/"];

    /// <summary>The path with the link's token replaced, or null when the path holds no link.</summary>
    public static string? Redact(string? path) =>
        path is null ? null
        : Prefixes.FirstOrDefault(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } prefix ? prefix + "{token}"
        : null;
}

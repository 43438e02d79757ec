using System.Text.Json.Serialization;
using Wolverine.Http;

namespace NeemPlatform.Hosting;

/// <summary>What every NEEM API shares over HTTP: its limits, its JSON rules, its problem responses and its documentation.</summary>
public static class NeemHttp
{
    /// <summary>Rate limits, the request body limit, Wolverine's endpoints with the JSON rules, problems and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddNeemHttp(this WebApplicationBuilder builder, NeemService service)
    {
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
}

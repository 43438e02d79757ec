using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NeemPlatform.Hosting;

namespace NeemPlatform.PartnerGateway;

/// <summary>
/// The partner gateway: one address where partners with national reach (Arbetsförmedlingen, a municipality association)
/// post referrals; each goes to the regional platform of the person's municipality. It has no database and keeps nothing.
/// </summary>
public static class GatewayProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = ReferralRouting.MaxBodyBytes * 2);
        builder.Services.AddNeemProblems();
        builder.Services.AddSingleton(GatewayOptions.From(builder.Configuration));
        builder.Services.AddSingleton(Municipalities.Load(builder.Configuration["Neem:Gateway:MunicipalitiesFile"]
                                                          ?? Path.Combine(AppContext.BaseDirectory, "municipalities.json")));
        builder.Services.AddSingleton<ReferralRouting>();
        builder.Services.AddHttpClient(ReferralRouting.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints();
        app.MapGet("/api/info", (Municipalities table, GatewayOptions options) =>
            new GatewayInfo("partner-gateway", options.Regions.Keys.Order(StringComparer.Ordinal).ToList(), table.Count));
        app.MapPost("/api/referrals", (HttpContext http, ReferralRouting routing) => routing.ReferAsync(http));
        app.MapGet("/api/referrals/{referralId:guid}", (HttpContext http, Guid referralId, ReferralRouting routing) => routing.StatusAsync(http, referralId));
        await app.RunAsync();
    }
}

/// <summary>The answer of <c>GET /api/info</c>: the regions the gateway delivers to and how many municipalities it routes.</summary>
public sealed record GatewayInfo(string Service, IReadOnlyList<string> Regions, int Municipalities);

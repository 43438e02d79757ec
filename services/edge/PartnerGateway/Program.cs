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
        if (builder.Configuration["Neem:Gateway:PartnersFile"] is { Length: > 0 } partnersFile)
        {
            // National partners and their regional credentials, kept apart from the deployment's settings and watched for changes.
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(partnersFile))!);
            builder.Configuration.AddJsonFile(Path.GetFullPath(partnersFile), optional: true, reloadOnChange: true);
        }

        builder.AddServiceDefaults();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = ReferralRouting.MaxBodyBytes * 2);
        builder.Services.AddNeemProblems();
        builder.Services.AddSingleton<GatewayOptionsSource>();
        builder.Services.AddSingleton(Municipalities.Load(builder.Configuration["Neem:Gateway:MunicipalitiesFile"]
                                                          ?? Path.Combine(AppContext.BaseDirectory, "municipalities.json")));
        builder.Services.AddSingleton<ReferralRouting>();
        builder.Services.AddHttpClient(ReferralRouting.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30));

        var app = builder.Build();
        _ = app.Services.GetRequiredService<GatewayOptionsSource>(); // a gateway without regions does not start
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints();
        app.MapProblemPages();
        app.MapGet("/api/info", (Municipalities table, GatewayOptionsSource options) =>
            new GatewayInfo("partner-gateway", options.Current.Regions.Keys.Order(StringComparer.Ordinal).ToList(), table.Count));
        app.MapPost("/api/referrals", (HttpContext http, ReferralRouting routing) => routing.ReferAsync(http));
        app.MapGet("/api/referrals/{referralId:guid}", (HttpContext http, Guid referralId, ReferralRouting routing) => routing.StatusAsync(http, referralId));
        await app.RunAsync();
    }
}

/// <summary>The answer of <c>GET /api/info</c>: the regions the gateway delivers to and how many municipalities it routes.</summary>
public sealed record GatewayInfo(string Service, IReadOnlyList<string> Regions, int Municipalities);

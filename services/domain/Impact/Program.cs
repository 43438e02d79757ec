using NeemPlatform.Impact.National;
using NeemPlatform.Impact.Replaying;
using NeemPlatform.Impact.Research;

var builder = WebApplication.CreateBuilder(args);

builder.AddNeemService(new NeemService("impact", typeof(Program).Assembly, NeemPlatform.Impact.ImpactEndpoints.Groups, ServesNationalView: true),
    marten => marten.ConfigureHistory().ConfigureResearch().ConfigureNational().ConfigureFeedConsumers());
builder.Services.AddSingleton(Targets.From(builder.Configuration));
builder.Services.AddMisHistoryLog();
builder.Services.AddSingleton(NeemPlatform.Impact.Reports.CoFinancingRates.From(builder.Configuration));
builder.Services.AddSingleton(FeedSecret.From(builder.Configuration));
builder.Services.AddFeedAuthentication(builder.Configuration);
builder.Services.AddNationalView(builder.Configuration);
builder.Services.AddScoped<Replayer>();
builder.Services.AddSingleton<ReplayRuns>();
builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => NeemPlatform.Impact.ImpactContract.Facts().Register(o));

var app = builder.Build();

return await app.RunNeemServiceAsync(args);

/// <summary>
/// The Impact service: the MIS history, indicators, funder reports, socio-economic effects, replay and the region's anonymous
/// MIS feed; with <c>Neem:Region=national</c>, the national view that pulls the regions' feeds.
/// </summary>
public partial class Program;

using NeemPlatform.Hosting;
using NeemPlatform.Impact.History;
using NeemPlatform.Impact.Indicators;
using NeemPlatform.Impact.Replaying;
using NeemPlatform.Impact.Research;

var builder = WebApplication.CreateBuilder(args);

builder.AddNeemService(new NeemService("impact", typeof(Program).Assembly),
    marten => marten.ConfigureHistory().ConfigureResearch());
builder.Services.AddSingleton(Targets.From(builder.Configuration));
builder.Services.AddScoped<Replayer>();
builder.Services.AddSingleton<ReplayRuns>();

var app = builder.Build();

return await app.RunNeemServiceAsync(args);

/// <summary>The Impact service: the MIS history, indicators, funder reports, socio-economic effects and replay.</summary>
public partial class Program;

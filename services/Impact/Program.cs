using NeemPlatform.Hosting;
using NeemPlatform.Impact.History;

var builder = WebApplication.CreateBuilder(args);

builder.AddNeemService(new NeemService("impact", typeof(Program).Assembly),
    marten => marten.ConfigureHistory());

var app = builder.Build();

return await app.RunNeemServiceAsync(args);

/// <summary>The Impact service: the MIS history, indicators, funder reports and replay.</summary>
public partial class Program;

using NeemPlatform.Coaching.Enrolments.Enrolling;

var builder = WebApplication.CreateBuilder(args);

builder.AddNeemService(new NeemService("coaching", typeof(Program).Assembly, NeemPlatform.Coaching.CoachingEndpoints.Groups),
    marten => marten.ConfigureEnrolments());
builder.Services.AddSingleton(new CoachingSettings(builder.Configuration.GetValue("Neem:Coaching:PlannedMonths", 6)));

builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => NeemPlatform.Coaching.CoachingContract.Facts().Register(o));

var app = builder.Build();

return await app.RunNeemServiceAsync(args);

/// <summary>The Coaching service: curriculum, sessions, checklists, business plan and budget.</summary>
public partial class Program;

using NeemPlatform.Hosting;
using NeemPlatform.Coaching.Enrolments;

var builder = WebApplication.CreateBuilder(args);

builder.AddNeemService(new NeemService("coaching", typeof(Program).Assembly),
    marten => marten.ConfigureEnrolments());

var app = builder.Build();

return await app.RunNeemServiceAsync(args);

/// <summary>The Coaching service: curriculum, sessions, checklists, business plan and budget.</summary>
public partial class Program;

using NeemPlatform.Hosting;
using NeemPlatform.Participant;

var builder = WebApplication.CreateBuilder(args);

builder.AddNeemService(new NeemService("participant", typeof(Program).Assembly),
    marten => marten.ConfigureParticipantStore());
builder.AddParticipantFeatures();

var app = builder.Build();

return await app.RunNeemServiceAsync(args);

/// <summary>The Participant service: referrals, selection, network groups, outcomes and personal data.</summary>
public partial class Program;

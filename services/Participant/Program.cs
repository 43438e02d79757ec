using NeemPlatform.Hosting;
using NeemPlatform.Participant.Participants;

var builder = WebApplication.CreateBuilder(args);

builder.AddNeemService(new NeemService("participant", typeof(Program).Assembly),
    marten => marten.ConfigureParticipants());

var app = builder.Build();

return await app.RunNeemServiceAsync(args);

/// <summary>The Participant service: referrals, selection, network groups and outcomes.</summary>
public partial class Program;

using NeemPlatform.Participant;

var builder = WebApplication.CreateBuilder(args);

builder.AddNeemService(new NeemService("participant", typeof(Program).Assembly, NeemPlatform.Participant.ParticipantEndpoints.Groups),
    marten =>
    {
        marten.ConfigureParticipantStore();
        // Rich appends: plain prepared inserts instead of the quick-append function, whose PL/pgSQL call was the
        // largest single cost of a referral in PostgreSQL (0.23 ms of 0.58 ms). Measured 978–981 → 1 025–1 283 req/s
        // at 16 partners (tests/NeemPlatform.Benchmarks -- intake). Appends still take the stream's advisory lock.
        marten.Events.AppendMode = JasperFx.Events.EventAppendMode.Rich;
    });
builder.AddParticipantFeatures();

var app = builder.Build();

return await app.RunNeemServiceAsync(args);

/// <summary>The Participant service: referrals, selection, network groups, outcomes and personal data.</summary>
public partial class Program;

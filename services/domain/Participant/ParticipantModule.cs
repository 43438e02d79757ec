using NeemPlatform.Participant.Messaging;
using NeemPlatform.Participant.Workshops;

namespace NeemPlatform.Participant;

/// <summary>Everything the Participant service registers: its documents, its secrets and its partner API.</summary>
public static class ParticipantModule
{
    public const string IdentityKeySetting = "Neem:Participant:IdentityKey";

    public static StoreOptions ConfigureParticipantStore(this StoreOptions options)
    {
        options.ConfigureParticipants();
        options.Schema.For<Partner>().Index(p => p.Region);
        options.Schema.For<Partners.Callbacks.CallbackDelivery>().Index(d => d.PartnerId).Index(d => d.NextAttemptAt).Index(d => d.ReferralId);
        options.Listeners.Add(new Partners.Callbacks.ReferralStatusWatcher());
        options.Schema.For<CredentialIndex>();
        options.Schema.For<Referral>().Index(r => r.PartnerId);
        options.Schema.For<IdempotencyRecord>();
        options.Schema.For<Staff.StaffMember>().Index(s => s.Region);
        options.Schema.For<NetworkGroup>().Index(g => g.Region);
        options.Schema.For<Workshop>().Index(w => w.Region);
        options.Schema.For<Participants.FollowingUp.FollowUpLink>().Index(l => l.ParticipantId);
        options.Schema.For<Messaging.OutgoingMessage>().Index(m => m.ParticipantId);
        options.Schema.For<Complaints.Complaint>().Index(c => c.Region).Index(c => c.ParticipantId!);
        options.Schema.For<Participants.RevealingIdentityNumber.IdentityRevealAudit>().Index(a => a.StaffId).Index(a => a.ParticipantId)
            .Index(a => a.At);
        return options;
    }

    public static WebApplicationBuilder AddParticipantFeatures(this WebApplicationBuilder builder)
    {
        var secret = builder.Configuration[IdentityKeySetting];
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new InvalidOperationException(
                $"{IdentityKeySetting} is not set: a base64 secret of 32+ bytes that keys the identity-number hash. " +
                "Keep it outside the database and never change it (changing it splits returning people from their records). " +
                "The AppHost creates one for local runs.");
        }

        builder.Services.AddSingleton(new IdentityKey(Convert.FromBase64String(secret)));
        builder.Services.AddSingleton(new NetworkGroupSettings(builder.Configuration.GetValue("Neem:NetworkGroups:DefaultCapacity", 60)));
        builder.Services.AddPartnerAuthentication(builder.Configuration);
        // The partner guide opens the service's API document (and so every client generated from it).
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o =>
        {
            o.AddDocumentTransformer(async (document, context, ct) =>
            {
                document.Info.Description = PartnerGuide.Markdown();
                await PartnerContract.AddCallbackWebhookAsync(document, context, ct);
            });
            PartnerContract.Facts().Register(o);
            StaffContract.Facts().Register(o);
        });
        builder.Services.AddSingleton(new Participants.RevealingIdentityNumber.RevealSettings(
            Math.Clamp(builder.Configuration.GetValue("Neem:Participant:RevealsPerDay", 20), 1, 1000)));
        builder.Services.AddSingleton(ReferralIntakeSettings.From(builder.Configuration));
        var callbacks = Partners.Callbacks.CallbackSettings.From(builder.Configuration);
        builder.Services.AddSingleton(callbacks);
        // Its own retry schedule (the outbox's) and its own address rules: none of the shared client's resilience.
#pragma warning disable EXTEXP0001 // the supported way to keep the defaults' resilience handler off one client
        builder.Services.AddHttpClient(Partners.Callbacks.CallbackDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => Partners.Callbacks.CallbackDispatcher.Handler(callbacks))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<Partners.Callbacks.CallbackDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Partners.Callbacks.CallbackDispatcher>());
        builder.Services.AddFollowUpLinks(builder.Configuration);
        builder.Services.AddMessaging(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(Complaints.ComplaintSettings.From(builder.Configuration));
        builder.Services.AddSingleton<ReferralIntake>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReferralIntake>());
        return builder;
    }
}

using Marten;
using NeemPlatform.Participant.NetworkGroups;
using NeemPlatform.Participant.Participants;
using NeemPlatform.Participant.Partners;
using NeemPlatform.Participant.PersonalData;
using NeemPlatform.Participant.Referrals;
using NeemPlatform.Participant.Referrals.Receiving;
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
        options.Schema.For<CredentialIndex>();
        options.Schema.For<Referral>().Index(r => r.PartnerId);
        options.Schema.For<IdempotencyRecord>();
        options.Schema.For<NetworkGroup>().Index(g => g.Region);
        options.Schema.For<Workshop>().Index(w => w.Region);
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
        builder.Services.AddSingleton(new Participants.RevealingIdentityNumber.RevealSettings(
            Math.Clamp(builder.Configuration.GetValue("Neem:Participant:RevealsPerDay", 20), 1, 1000)));
        builder.Services.AddSingleton(ReferralIntakeSettings.From(builder.Configuration));
        builder.Services.AddSingleton<ReferralIntake>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReferralIntake>());
        return builder;
    }
}

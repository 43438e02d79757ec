namespace NeemPlatform.Participant.Referrals;

/// <summary>One partner's referral of a person: what the partner may ask about later. No personal data.</summary>
public sealed class Referral
{
    public Guid Id { get; set; }
    public Guid PartnerId { get; set; }
    public Guid ParticipantId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The partner's own reference for the referral (its case number), returned in every answer; cleared when she is erased.</summary>
    public string? CaseReference { get; set; }

    /// <summary>A sandbox referral (from a sandbox credential) has no participant: nobody was registered, nothing reached staff or the MIS.</summary>
    public bool IsSandbox => ParticipantId == Guid.Empty;

    /// <summary>A sandbox referral's status, moved only by its partner; null is received.</summary>
    public string? SandboxStatus { get; set; }

    public DateTimeOffset? SandboxChangedAt { get; set; }
}

/// <summary>
/// The original answer to an <c>Idempotency-Key</c>, per partner: the same key and body gets it again; the
/// same key with another body is refused. <see cref="RequestFingerprint"/> is a keyed hash (the body holds an
/// identity number).
/// </summary>
public sealed class IdempotencyRecord
{
    public string Id { get; set; } = "";
    public Guid PartnerId { get; set; }
    public string RequestFingerprint { get; set; } = "";
    public int StatusCode { get; set; }
    public ReferralReceipt Receipt { get; set; } = null!;
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The record of a partner's key, live and sandbox apart: a key tried in the sandbox never blocks or replays a live
    /// referral, nor the other way round. (A live id has '/' after the partner; a sandbox id ':', which no partner id holds.)
    /// </summary>
    public static string IdFor(Guid partnerId, bool sandbox, string key) => sandbox ? $"{partnerId:N}:sandbox/{key}" : $"{partnerId:N}/{key}";
}

/// <summary>The answer to a referral, with the partner's own case reference when it sent one.</summary>
public sealed record ReferralReceipt(Guid ReferralId, string Status, DateTimeOffset ReceivedAt, string? CaseReference = null);

/// <summary>A referral's status as its partner may see it, and nothing more: when it arrived and when its status last changed.</summary>
public sealed record ReferralStatusView(Guid ReferralId, string Status, DateTimeOffset ReceivedAt, DateTimeOffset ChangedAt,
    string? CaseReference = null);

public static class ReferralStatus
{
    /// <summary>
    /// Her referral's status as its partner may see it: received, invited, in-process or closed. Only this referral's
    /// course counts (never her programme status or outcome), so the answer for someone already known is the same as
    /// for someone new.
    /// </summary>
    public static string Of(Participants.Participant? participant, Guid referralId) =>
        participant?.ReferralsReceived?.FirstOrDefault(r => r.ReferralId == referralId)?.Status ?? ReferralProgress.Received;

    /// <summary>The referral as its partner sees it: its status, and since when (its arrival until the status first moves).</summary>
    public static ReferralStatusView View(Participants.Participant? participant, Referral referral)
    {
        if (referral.IsSandbox)
        {
            return new ReferralStatusView(referral.Id, referral.SandboxStatus ?? ReferralProgress.Received, referral.ReceivedAt,
                referral.SandboxChangedAt ?? referral.ReceivedAt, referral.CaseReference);
        }

        var progress = participant?.ReferralsReceived?.FirstOrDefault(r => r.ReferralId == referral.Id);
        return new ReferralStatusView(referral.Id, progress?.Status ?? ReferralProgress.Received, referral.ReceivedAt,
            progress?.ChangedAt is { } changed && changed > referral.ReceivedAt ? changed : referral.ReceivedAt, referral.CaseReference);
    }
}

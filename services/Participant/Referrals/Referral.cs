using NeemPlatform.Participant.Participants;

namespace NeemPlatform.Participant.Referrals;

/// <summary>One partner's referral of a person: what the partner may ask about later. No personal data.</summary>
public sealed class Referral
{
    public Guid Id { get; set; }
    public Guid PartnerId { get; set; }
    public Guid ParticipantId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
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

    public static string IdFor(Guid partnerId, string key) => $"{partnerId:N}/{key}";
}

/// <summary>The answer to a referral.</summary>
public sealed record ReferralReceipt(Guid ReferralId, string Status, DateTimeOffset ReceivedAt);

/// <summary>A referral's status as its partner may see it, and nothing more.</summary>
public sealed record ReferralStatusView(Guid ReferralId, string Status, DateTimeOffset ReceivedAt);

public static class ReferralStatus
{
    public const string Received = "received";
    public const string Invited = "invited";
    public const string Selected = "selected";
    public const string WaitingList = "waiting-list";
    public const string NotSelected = "not-selected";
    public const string InProgramme = "in-programme";
    public const string Completed = "completed";

    public static readonly IReadOnlyList<string> All = [Received, Invited, Selected, WaitingList, NotSelected, InProgramme, Completed];

    /// <summary>The participant's journey, in the words a partner gets.</summary>
    public static string Of(Participants.Participant participant) => participant.Status switch
    {
        ParticipantStatus.Exited => Completed,
        ParticipantStatus.InProgramme => InProgramme,
        ParticipantStatus.NotSelected => NotSelected,
        ParticipantStatus.WaitingList => participant.Selected ? Selected : WaitingList,
        ParticipantStatus.Invited or ParticipantStatus.Interviewed => Invited,
        _ => Received
    };
}

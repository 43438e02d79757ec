using Wolverine.Attributes;

namespace NeemPlatform.Contracts;

/// <summary>
/// The MIS needs the participant's status six months after she left (funder reports): the follow-up
/// falls due on <see cref="DueOn"/>.
/// Producer: Impact. Consumers: Participant (puts the follow-up on the advisor's list).
/// </summary>
[MessageIdentity("neem.impact.follow-up-due.v1")]
public sealed record FollowUpDue(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    DateOnly LeftOn,
    DateOnly DueOn,
    DateTimeOffset OccurredAt);

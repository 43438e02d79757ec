using Wolverine.Attributes;

namespace NeemPlatform.Contracts;

/// <summary>
/// The MIS needs the participant's status at a follow-up point after she left (funder reports): at exit, six and
/// twelve months after (<see cref="Point"/>: at-exit, six-months, twelve-months). The follow-up falls due on <see cref="DueOn"/>.
/// Producer: Impact. Consumers: Participant (puts the follow-up on the advisor's list).
/// </summary>
[MessageIdentity("neem.impact.follow-up-due.v1")]
public sealed record FollowUpDue(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    DateOnly LeftOn,
    DateOnly DueOn,
    DateTimeOffset OccurredAt,
    string Point = "six-months");

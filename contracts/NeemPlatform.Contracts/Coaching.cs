using Wolverine.Attributes;

namespace NeemPlatform.Contracts;

/// <summary>
/// The participant was enrolled in business-development coaching.
/// Producer: Coaching. Consumers: Impact (MIS history).
/// </summary>
[MessageIdentity("neem.coaching.enrolled.v1")]
public sealed record CoachingEnrolled(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    DateOnly EnrolledOn,
    DateTimeOffset OccurredAt);

/// <summary>
/// The advisor approved the participant's business plan. Amounts are exact SEK.
/// Producer: Coaching. Consumers: Lending (financing limit and repayment capacity), Impact (MIS history).
/// </summary>
[MessageIdentity("neem.coaching.business-plan-approved.v1")]
public sealed record BusinessPlanApproved(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    decimal FinancingNeedSek,
    decimal ExpectedMonthlySurplusSek,
    DateOnly ApprovedOn,
    DateTimeOffset OccurredAt);

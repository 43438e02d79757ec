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

/// <summary>
/// The advisor approved one module of the participant's coaching (its checklist is done).
/// Producer: Coaching. Consumers: Impact (MIS history: modules approved).
/// </summary>
[MessageIdentity("neem.coaching.module-approved.v1")]
public sealed record CoachingModuleApproved(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    string ModuleCode,
    int ModuleOrder,
    int ModulesInCurriculum,
    DateOnly ApprovedOn,
    DateTimeOffset OccurredAt);

/// <summary>
/// Her attendance at one session (present, absent or excused) and the hours it counts; a correction for the
/// same session is sent again with the same SessionId and replaces the earlier one.
/// Producer: Coaching. Consumers: Impact (MIS history: attendance, participation time per month).
/// </summary>
[MessageIdentity("neem.coaching.attendance-recorded.v1")]
public sealed record CoachingAttendanceRecorded(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    Guid SessionId,
    string SessionKind,
    DateOnly SessionOn,
    string Status,
    decimal Hours,
    DateTimeOffset OccurredAt);

/// <summary>
/// Every module of her curriculum is approved: the business-development coaching is complete.
/// Producer: Coaching. Consumers: Impact (MIS history).
/// </summary>
[MessageIdentity("neem.coaching.completed.v1")]
public sealed record CoachingCompleted(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    DateOnly CompletedOn,
    int ModulesApproved,
    DateTimeOffset OccurredAt);

/// <summary>
/// The coaching ended early, with the reason (a code).
/// Producer: Coaching. Consumers: Impact (MIS history).
/// </summary>
[MessageIdentity("neem.coaching.dropped-out.v1")]
public sealed record CoachingDroppedOut(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    string Reason,
    DateOnly DroppedOutOn,
    int ModulesApproved,
    DateTimeOffset OccurredAt);

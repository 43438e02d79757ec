using JasperFx.Events.Projections;
using Marten;

namespace NeemPlatform.Coaching.Enrolments;

public sealed record EnrolmentStarted(Guid ParticipantId, Guid SourceEventId, Guid EventId, DateOnly EnrolledOn, DateTimeOffset At);

public sealed record PlanApproved(
    Guid ParticipantId, Guid EventId, decimal FinancingNeedSek, decimal ExpectedMonthlySurplusSek, DateOnly ApprovedOn,
    DateTimeOffset At);

public static class EnrolmentStatus
{
    public const string Enrolled = "enrolled";
    public const string PlanApproved = "plan-approved";
}

/// <summary>A participant's coaching, one stream per participant (stream id = participant id).</summary>
public sealed record Enrolment(
    Guid Id,
    DateOnly EnrolledOn,
    string Status,
    decimal? FinancingNeedSek,
    decimal? ExpectedMonthlySurplusSek,
    DateOnly? PlanApprovedOn)
{
    public static Enrolment Create(EnrolmentStarted e) =>
        new(e.ParticipantId, e.EnrolledOn, EnrolmentStatus.Enrolled, null, null, null);

    public static Enrolment Apply(PlanApproved e, Enrolment enrolment) => enrolment with
    {
        Status = EnrolmentStatus.PlanApproved,
        FinancingNeedSek = e.FinancingNeedSek,
        ExpectedMonthlySurplusSek = e.ExpectedMonthlySurplusSek,
        PlanApprovedOn = e.ApprovedOn
    };
}

public static class EnrolmentsModule
{
    public static StoreOptions ConfigureEnrolments(this StoreOptions options)
    {
        options.Projections.Snapshot<Enrolment>(SnapshotLifecycle.Inline);
        return options;
    }
}

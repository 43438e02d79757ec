using JasperFx.Events.Projections;

namespace NeemPlatform.Coaching.Enrolments;

// Internal events of the Coaching service: one stream per participant (stream id = participant id).
// They hold codes, dates, hours and figures; free text (plan texts, reasons, comments) lives in the
// erasable CoachingNotes document.

/// <summary>An event of a participant's coaching stream. <see cref="Enrolment.Next"/> folds every one of them; a test fails for a type it does not.</summary>
public interface IEnrolmentEvent
{
    Guid ParticipantId { get; }
}

public sealed record EnrolmentStarted(
    Guid ParticipantId, Guid SourceEventId, Guid EventId, DateOnly EnrolledOn, DateTimeOffset At,
    string Region = "", Guid? NetworkGroupId = null, int CurriculumVersion = 1, DateOnly? PlannedEndOn = null, string? AdvisorId = null) : IEnrolmentEvent;

public sealed record AdvisorAssigned(Guid ParticipantId, string AdvisorId, string AssignedBy, DateTimeOffset At) : IEnrolmentEvent;

public sealed record ItemTicked(Guid ParticipantId, string ModuleCode, string ItemCode, DateOnly TickedOn, string TickedBy, DateTimeOffset At) : IEnrolmentEvent;

public sealed record ItemUnticked(Guid ParticipantId, string ModuleCode, string ItemCode, string UntickedBy, DateTimeOffset At) : IEnrolmentEvent;

public sealed record ModuleApproved(Guid ParticipantId, Guid EventId, string ModuleCode, DateOnly ApprovedOn, string ApprovedBy, DateTimeOffset At) : IEnrolmentEvent;

public sealed record ModuleReopened(Guid ParticipantId, string ModuleCode, DateOnly ReopenedOn, string ReopenedBy, DateTimeOffset At) : IEnrolmentEvent;

public sealed record AttendanceRecorded(
    Guid ParticipantId, Guid EventId, Guid SessionId, string SessionKind, DateOnly SessionOn, string Status, decimal Hours, DateTimeOffset At) : IEnrolmentEvent;

public sealed record BusinessPlanDrafted(Guid ParticipantId, PlanFigures Figures, string DraftedBy, DateTimeOffset At) : IEnrolmentEvent;

/// <summary>
/// A new version of her plan after the approved one (the business developing after the loan): the approved plan stays as
/// the lender saw it. <see cref="Revision"/> counts from 2 (the approved plan is version 1).
/// </summary>
public sealed record BusinessPlanRevised(Guid ParticipantId, int Revision, PlanFigures Figures, string RevisedBy, DateOnly RevisedOn, DateTimeOffset At) : IEnrolmentEvent;

/// <summary>A later version of her plan, as the enrolment keeps it.</summary>
public sealed record PlanRevision(int Revision, DateOnly RevisedOn, string RevisedBy, PlanFigures Figures);

public sealed record PlanApproved(
    Guid ParticipantId, Guid EventId, decimal FinancingNeedSek, decimal ExpectedMonthlySurplusSek, DateOnly ApprovedOn,
    DateTimeOffset At) : IEnrolmentEvent;

public sealed record CoachingCompletedEvent(Guid ParticipantId, Guid EventId, DateOnly CompletedOn, DateTimeOffset At) : IEnrolmentEvent;

public sealed record DroppedOut(Guid ParticipantId, Guid EventId, string Reason, DateOnly DroppedOutOn, DateTimeOffset At) : IEnrolmentEvent;

public sealed record NotesErased(Guid ParticipantId, Guid SourceEventId, DateTimeOffset At) : IEnrolmentEvent;

public static class EnrolmentStatus
{
    public const string Enrolled = "enrolled";
    public const string Completed = "completed";
    public const string DroppedOut = "dropped-out";
}

public sealed record Tick(string ModuleCode, string ItemCode, DateOnly TickedOn, string TickedBy);

public sealed record Approval(string ModuleCode, DateOnly ApprovedOn, string ApprovedBy);

public sealed record Attendance(Guid SessionId, string SessionKind, DateOnly SessionOn, string Status, decimal Hours);

/// <summary>A participant's coaching, rebuilt from her events.</summary>
public sealed record Enrolment(
    Guid Id,
    DateOnly EnrolledOn,
    string Status,
    decimal? FinancingNeedSek,
    decimal? ExpectedMonthlySurplusSek,
    DateOnly? PlanApprovedOn,
    string Region = "",
    Guid? NetworkGroupId = null,
    int CurriculumVersion = 1,
    DateOnly? PlannedEndOn = null,
    string? AdvisorId = null,
    IReadOnlyList<Tick>? Ticks = null,
    IReadOnlyList<Approval>? Approvals = null,
    int Reopenings = 0,
    IReadOnlyList<Attendance>? Attendances = null,
    PlanFigures? Plan = null,
    DateOnly? CompletedOn = null,
    string? DropoutReason = null,
    DateOnly? DroppedOutOn = null,
    bool Erased = false,
    IReadOnlyList<PlanRevision>? PlanRevisions = null)
{
    public bool IsActive => Status == EnrolmentStatus.Enrolled;

    public bool IsTicked(string module, string item) => (Ticks ?? []).Any(t => t.ModuleCode == module && t.ItemCode == item);

    public bool IsApproved(string module) => (Approvals ?? []).Any(a => a.ModuleCode == module);

    /// <summary>
    /// The enrolment after one more event of its stream: the one fold, used by the endpoints, the tests and (through the same Apply
    /// methods) the stream's snapshot. A stream starts with <see cref="EnrolmentStarted"/> (<see cref="Create"/>); an event this
    /// does not know is an error, never silently skipped.
    /// </summary>
    public static Enrolment Next(Enrolment x, IEnrolmentEvent e) => e switch
    {
        AdvisorAssigned a => Apply(a, x),
        ItemTicked t => Apply(t, x),
        ItemUnticked u => Apply(u, x),
        ModuleApproved a => Apply(a, x),
        ModuleReopened r => Apply(r, x),
        AttendanceRecorded a => Apply(a, x),
        BusinessPlanDrafted d => Apply(d, x),
        PlanApproved p => Apply(p, x),
        BusinessPlanRevised r => Apply(r, x),
        CoachingCompletedEvent c => Apply(c, x),
        DroppedOut d => Apply(d, x),
        NotesErased n => Apply(n, x),
        EnrolmentStarted => throw new InvalidOperationException($"{x.Id} is enrolled already: a stream starts with its enrolment once."),
        _ => throw new NotSupportedException($"{e.GetType().Name} has no fold in Enrolment.Next.")
    };

    /// <summary>The enrolment after <paramref name="events"/>.</summary>
    public Enrolment Fold(IEnumerable<IEnrolmentEvent> events) => events.Aggregate(this, Next);

    public static Enrolment Create(EnrolmentStarted e) =>
        new(e.ParticipantId, e.EnrolledOn, EnrolmentStatus.Enrolled, null, null, null, e.Region, e.NetworkGroupId, e.CurriculumVersion,
            e.PlannedEndOn, e.AdvisorId);

    public static Enrolment Apply(AdvisorAssigned e, Enrolment x) => x with { AdvisorId = e.AdvisorId };

    public static Enrolment Apply(ItemTicked e, Enrolment x) =>
        x with { Ticks = [.. x.Ticks ?? [], new Tick(e.ModuleCode, e.ItemCode, e.TickedOn, e.TickedBy)] };

    public static Enrolment Apply(ItemUnticked e, Enrolment x) =>
        x with { Ticks = (x.Ticks ?? []).Where(t => !(t.ModuleCode == e.ModuleCode && t.ItemCode == e.ItemCode)).ToList() };

    public static Enrolment Apply(ModuleApproved e, Enrolment x) =>
        x with { Approvals = [.. x.Approvals ?? [], new Approval(e.ModuleCode, e.ApprovedOn, e.ApprovedBy)] };

    public static Enrolment Apply(ModuleReopened e, Enrolment x) =>
        x with { Approvals = (x.Approvals ?? []).Where(a => a.ModuleCode != e.ModuleCode).ToList(), Reopenings = x.Reopenings + 1 };

    /// <summary>A correction for the same session replaces the earlier record.</summary>
    public static Enrolment Apply(AttendanceRecorded e, Enrolment x) =>
        x with
        {
            Attendances = [.. (x.Attendances ?? []).Where(a => a.SessionId != e.SessionId), new Attendance(e.SessionId, e.SessionKind, e.SessionOn, e.Status, e.Hours)]
        };

    public static Enrolment Apply(BusinessPlanDrafted e, Enrolment x) => x with { Plan = e.Figures };

    public static Enrolment Apply(PlanApproved e, Enrolment x) => x with
    {
        FinancingNeedSek = e.FinancingNeedSek,
        ExpectedMonthlySurplusSek = e.ExpectedMonthlySurplusSek,
        PlanApprovedOn = e.ApprovedOn
    };

    public static Enrolment Apply(BusinessPlanRevised e, Enrolment x) =>
        x with { PlanRevisions = [.. x.PlanRevisions ?? [], new PlanRevision(e.Revision, e.RevisedOn, e.RevisedBy, e.Figures)] };

    public static Enrolment Apply(CoachingCompletedEvent e, Enrolment x) => x with { Status = EnrolmentStatus.Completed, CompletedOn = e.CompletedOn };

    public static Enrolment Apply(DroppedOut e, Enrolment x) =>
        x with { Status = EnrolmentStatus.DroppedOut, DropoutReason = e.Reason, DroppedOutOn = e.DroppedOutOn };

    public static Enrolment Apply(NotesErased e, Enrolment x) => x with
    {
        Erased = true,
        Plan = x.Plan?.WithoutLabels(),
        PlanRevisions = x.PlanRevisions?.Select(r => r with { Figures = r.Figures.WithoutLabels() }).ToList()
    };
}

/// <summary>
/// The free text written in her coaching: the plan's texts and the reasons and comments of reopenings,
/// dropouts and sessions. Deleted when her personal data is erased. Document id: the participant id.
/// </summary>
public sealed class CoachingNotes
{
    public Guid Id { get; set; }
    public PlanTexts? Plan { get; set; }

    /// <summary>The texts of each later version of her plan, by version number.</summary>
    public Dictionary<int, PlanTexts> PlanRevisions { get; set; } = [];
    public List<CoachingNote> Notes { get; set; } = [];
}

public sealed record PlanTexts(string Idea, string ProductOrService, string Pricing, string MarketAndCompetitors, string Marketing);

public sealed record CoachingNote(string Kind, string Text, string WrittenBy, DateTimeOffset WrittenAt);

/// <summary>The advisor who coaches a network group's participants unless one is assigned to her. Id: the group id.</summary>
public sealed record GroupAdvisor(Guid Id, string Region, string AdvisorId);

public static class EnrolmentsModule
{
    public static StoreOptions ConfigureEnrolments(this StoreOptions options)
    {
        options.Projections.Snapshot<Enrolment>(SnapshotLifecycle.Inline);
        options.Events.AddMaskingRuleForProtectedInformation<BusinessPlanDrafted>(e => e with { Figures = e.Figures.WithoutLabels() });
        options.Schema.For<Enrolment>().Index(e => e.NetworkGroupId!).Index(e => e.Region);
        options.Schema.For<CoachingNotes>();
        options.Schema.For<GroupAdvisor>();
        options.Schema.For<Curriculum.CurriculumVersion>();
        options.Schema.For<Curriculum.CurrentCurriculum>();
        options.Schema.For<Sessions.Session>().Index(s => s.Region);
        return options;
    }
}

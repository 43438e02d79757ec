using JasperFx.Events.Projections;

namespace NeemPlatform.Participant.Participants;

// Internal events of the Participant service. They hold no direct identifier: names, identity numbers,
// contact details, organisation numbers and free-text notes live in the erasable PersonalDataRecord.
// Events carry the participant's id and non-identifying attributes only, so the history stays replayable
// after an erasure.

/// <summary>An event of a participant's stream. <see cref="Participant.Next"/> folds every one of them; a test fails for a type it does not.</summary>
public interface IParticipantEvent
{
    Guid ParticipantId { get; }
}

public sealed record ParticipantRegistered(
    Guid ParticipantId, string Region, string Source, string TargetGroup, string Municipality,
    bool PermanentResidencePermit, string Gender, bool? BornAbroad, bool? ParentBornAbroad, string AgeBand,
    DateOnly RegisteredOn, DateTimeOffset At) : IParticipantEvent;

public sealed record ReferralReceived(
    Guid ParticipantId, Guid ReferralId, Guid EventId, Guid? PartnerId, string Source, string TargetGroup,
    bool PermanentResidencePermit, DateOnly ReceivedOn, DateTimeOffset At) : IParticipantEvent;

public sealed record InvitedToWorkshop(Guid ParticipantId, Guid WorkshopId, DateOnly WorkshopOn, DateTimeOffset At) : IParticipantEvent;

public sealed record WorkshopAttendanceRecorded(Guid ParticipantId, Guid WorkshopId, bool Attended, DateTimeOffset At) : IParticipantEvent;

public sealed record Interviewed(
    Guid ParticipantId, DateOnly InterviewedOn, int Drive, int Will, bool HasNotes, string InterviewerId, DateTimeOffset At) : IParticipantEvent;

public sealed record SelectedForProgramme(Guid ParticipantId, Guid EventId, DateOnly SelectedOn, string DecidedBy, DateTimeOffset At) : IParticipantEvent;

public sealed record NotSelected(Guid ParticipantId, Guid EventId, string Reason, DateOnly DecidedOn, string DecidedBy, DateTimeOffset At) : IParticipantEvent;

public sealed record PlacedOnWaitingList(Guid ParticipantId, DateOnly PlacedOn, bool Selected, DateTimeOffset At) : IParticipantEvent;

public sealed record JoinedNetworkGroup(Guid ParticipantId, Guid EventId, Guid NetworkGroupId, DateOnly JoinedOn, DateTimeOffset At) : IParticipantEvent;

public sealed record ProfileUpdated(
    Guid ParticipantId, string Gender, bool? BornAbroad, bool? ParentBornAbroad, string EducationLevel,
    IReadOnlyList<string> Languages, string Municipality, bool FamilyInvolvedInBusinessIdea, string LanguageTrainingNeed,
    DateTimeOffset At, bool? PermanentResidencePermit = null, string? ChangedBy = null) : IParticipantEvent;

public sealed record OutcomeRecorded(
    Guid ParticipantId, Guid EventId, string Outcome, DateOnly OutcomeOn, string? CompanyForm, DateOnly? CompanyStartedOn,
    bool SocialEnterprise, DateTimeOffset At, Guid? EnterpriseId = null) : IParticipantEvent;

public sealed record ExitedProgramme(Guid ParticipantId, Guid EventId, string Reason, string NextStep, DateOnly ExitedOn, DateTimeOffset At) : IParticipantEvent;

/// <summary>A follow-up fell due for her: at exit, six or twelve months after she left.</summary>
public sealed record FollowUpScheduled(Guid ParticipantId, Guid SourceEventId, DateOnly DueOn, DateTimeOffset At, string Point = "six-months") : IParticipantEvent;

/// <summary>A follow-up point and the day it falls due.</summary>
public sealed record ScheduledFollowUp(string Point, DateOnly DueOn);

/// <summary>A follow-up recorded: her status, and her answers to the questionnaire when she gave them (codes only), by whom.</summary>
public sealed record FollowedUp(Guid ParticipantId, Guid EventId, string Point, string Status, DateOnly FollowedUpOn, DateTimeOffset At,
    Contracts.FollowUpAnswers? Answers = null, string AnsweredBy = Contracts.FollowUpAnswerers.Advisor) : IParticipantEvent;

/// <summary>
/// A full identity number was shown to a staff member: who, when and for which purpose (a code; the staff member's
/// explanation lives in the erasable <c>IdentityRevealAudit</c> document).
/// </summary>
public sealed record IdentityNumberRevealed(Guid ParticipantId, string StaffId, string Reason, DateTimeOffset At) : IParticipantEvent;

/// <summary>The advisor responsible for her (the first to interview her, unless a region manager named another).</summary>
public sealed record ResponsibleAdvisorAssigned(Guid ParticipantId, string AdvisorId, string AssignedBy, DateTimeOffset At) : IParticipantEvent;

/// <summary>An advisor closed one referral without taking it further (not eligible, a duplicate, no contact, declined).</summary>
public sealed record ReferralClosed(Guid ParticipantId, Guid ReferralId, string Reason, string ClosedBy, DateTimeOffset At) : IParticipantEvent;

/// <summary>Her personal data was erased: on which basis, by whom, and what was removed (<see cref="Removed"/>; none said on erasures
/// recorded before it was kept).</summary>
public sealed record PersonalDataErased(Guid ParticipantId, Guid EventId, string Basis, string ErasedBy, DateOnly ErasedOn, DateTimeOffset At,
    IReadOnlyList<ErasedItem>? Removed = null) : IParticipantEvent;

/// <summary>One kind of personal data an erasure removed, and how many of it (records, references, explanations).</summary>
public sealed record ErasedItem(string What, int Count);

public static class ParticipantStatus
{
    public const string Received = "received";
    public const string Invited = "invited";
    public const string Interviewed = "interviewed";
    public const string NotSelected = "not-selected";
    public const string WaitingList = "waiting-list";
    public const string InProgramme = "in-programme";
    public const string Exited = "exited";
}

public sealed record WorkshopInvitation(Guid WorkshopId, DateOnly WorkshopOn, bool? Attended);

public sealed record InterviewScores(DateOnly InterviewedOn, int Drive, int Will, string InterviewerId);

public sealed record RecordedOutcome(string Outcome, DateOnly OutcomeOn, string? CompanyForm, DateOnly? CompanyStartedOn, bool SocialEnterprise);

public sealed record RecordedFollowUp(string Point, string Status, DateOnly FollowedUpOn, Contracts.FollowUpAnswers? Answers = null,
    string AnsweredBy = Contracts.FollowUpAnswerers.Advisor);

/// <summary>Who changed her profile and when (why is in her erasable notes).</summary>
public sealed record ProfileChange(DateTimeOffset At, string? ChangedBy);

/// <summary>
/// One referral of her, as its partner may follow it: received, invited, in-process, closed. It moves only with what
/// happens after the referral arrived, so a referral of someone already known starts and moves exactly like a new one.
/// </summary>
public sealed record ReferralProgress(Guid ReferralId, Guid? PartnerId, DateOnly ReceivedOn, string Status, DateTimeOffset? ChangedAt = null)
{
    public const string Received = "received";
    public const string Invited = "invited";
    public const string InProcess = "in-process";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All = [Received, Invited, InProcess, Closed];

    private static int Rank(string status) => status switch { Received => 0, Invited => 1, InProcess => 2, _ => 3 };

    /// <summary>Moves forward to <paramref name="status"/> at <paramref name="at"/>, never back, never out of closed.</summary>
    public ReferralProgress MoveTo(string status, DateTimeOffset at) => Rank(status) > Rank(Status) ? this with { Status = status, ChangedAt = at } : this;

    public bool IsOpen => Status != Closed;
}

/// <summary>A participant's journey as the advisors see it, rebuilt from her events. No direct identifier.</summary>
public sealed record Participant(
    Guid Id,
    string Region,
    string Status,
    IReadOnlyList<string> Sources,
    int Referrals,
    string TargetGroup,
    string Municipality,
    bool PermanentResidencePermit,
    string Gender,
    bool? BornAbroad,
    bool? ParentBornAbroad,
    string AgeBand,
    DateOnly RegisteredOn,
    string? EducationLevel = null,
    IReadOnlyList<string>? Languages = null,
    bool? FamilyInvolvedInBusinessIdea = null,
    string? LanguageTrainingNeed = null,
    IReadOnlyList<WorkshopInvitation>? Workshops = null,
    InterviewScores? Interview = null,
    bool Selected = false,
    DateOnly? SelectedOn = null,
    string? NotSelectedReason = null,
    DateTimeOffset? WaitingSince = null,
    Guid? NetworkGroupId = null,
    DateOnly? JoinedGroupOn = null,
    IReadOnlyList<RecordedOutcome>? Outcomes = null,
    string? ExitReason = null,
    DateOnly? ExitedOn = null,
    DateOnly? FollowUpDueOn = null,
    IReadOnlyList<RecordedFollowUp>? FollowUps = null,
    bool Erased = false,
    IReadOnlyList<ReferralProgress>? ReferralsReceived = null,
    string? AdvisorId = null,
    IReadOnlyList<ProfileChange>? ProfileChanges = null,
    DateOnly? NotSelectedOn = null,
    IReadOnlyList<ScheduledFollowUp>? ScheduledFollowUps = null,
    bool AdvisorAssigned = false) : IRegional
{
    /// <summary>The earliest scheduled follow-up not yet recorded (the advisor's list shows her from that day), or none.</summary>
    private static DateOnly? NextFollowUpDue(IReadOnlyList<ScheduledFollowUp>? scheduled, IReadOnlyList<RecordedFollowUp>? recorded) =>
        (scheduled ?? []).Where(s => !(recorded ?? []).Any(r => r.Point == s.Point)).Select(s => (DateOnly?)s.DueOn).Min();

    /// <summary>Foreign background as the programme defines it: born abroad, or a parent born abroad.</summary>
    public bool? ForeignBackground => BornAbroad == true || ParentBornAbroad == true ? true
        : BornAbroad == false && ParentBornAbroad == false ? false : null;

    /// <summary>How she first came to the programme.</summary>
    public string Source => Sources[0];

    public bool HasLeft => Status == ParticipantStatus.Exited;

    /// <summary>
    /// The participant after one more event of her stream: the one fold, with the same Apply methods as the stream's snapshot.
    /// A stream starts with <see cref="ParticipantRegistered"/> (<see cref="Create"/>); an event this does not know is an error.
    /// </summary>
    public static Participant Next(Participant p, IParticipantEvent e) => e switch
    {
        ReferralReceived x => Apply(x, p),
        ReferralClosed x => Apply(x, p),
        InvitedToWorkshop x => Apply(x, p),
        WorkshopAttendanceRecorded x => Apply(x, p),
        Interviewed x => Apply(x, p),
        ResponsibleAdvisorAssigned x => Apply(x, p),
        SelectedForProgramme x => Apply(x, p),
        NotSelected x => Apply(x, p),
        PlacedOnWaitingList x => Apply(x, p),
        JoinedNetworkGroup x => Apply(x, p),
        ProfileUpdated x => Apply(x, p),
        OutcomeRecorded x => Apply(x, p),
        ExitedProgramme x => Apply(x, p),
        FollowUpScheduled x => Apply(x, p),
        FollowedUp x => Apply(x, p),
        IdentityNumberRevealed x => Apply(x, p),
        PersonalDataErased x => Apply(x, p),
        ParticipantRegistered => throw new InvalidOperationException($"Participant {p.Id} is registered already: a stream starts with it once."),
        _ => throw new NotSupportedException($"{e.GetType().Name} has no fold in Participant.Next.")
    };

    /// <summary>The participant after <paramref name="events"/> (a stream's first may be her registration).</summary>
    public static Participant Fold(Participant? p, IEnumerable<IParticipantEvent> events) =>
        events.Aggregate(p, (state, e) => e is ParticipantRegistered r && state is null ? Create(r)
            : Next(state ?? throw new InvalidOperationException($"A stream starts with her registration, not {e.GetType().Name}."), e))!;

    public static Participant Create(ParticipantRegistered e) =>
        new(e.ParticipantId, e.Region, ParticipantStatus.Received, [e.Source], 0, e.TargetGroup, e.Municipality,
            e.PermanentResidencePermit, e.Gender, e.BornAbroad, e.ParentBornAbroad, e.AgeBand, e.RegisteredOn);

    // A later referral never changes what is known about her (target group, residence permit): a partner reports,
    // an advisor decides. Her profile changes only through ProfileUpdated.
    public static Participant Apply(ReferralReceived e, Participant p) =>
        p with
        {
            Referrals = p.Referrals + 1,
            Sources = p.Sources.Contains(e.Source) ? p.Sources : [.. p.Sources, e.Source],
            ReferralsReceived = [.. p.ReferralsReceived ?? [], new ReferralProgress(e.ReferralId, e.PartnerId, e.ReceivedOn, ReferralProgress.Received, e.At)]
        };

    /// <summary>Her open referrals move forward to <paramref name="status"/>.</summary>
    private static List<ReferralProgress>? Advance(Participant p, string status, DateTimeOffset at) =>
        p.ReferralsReceived?.Select(r => r.MoveTo(status, at)).ToList();

    public static Participant Apply(ReferralClosed e, Participant p) =>
        p with { ReferralsReceived = p.ReferralsReceived?.Select(r => r.ReferralId == e.ReferralId ? r.MoveTo(ReferralProgress.Closed, e.At) : r).ToList() };

    public static Participant Apply(InvitedToWorkshop e, Participant p) =>
        p with
        {
            Status = p.Status == ParticipantStatus.Received ? ParticipantStatus.Invited : p.Status,
            Workshops = [.. p.Workshops ?? [], new WorkshopInvitation(e.WorkshopId, e.WorkshopOn, null)],
            ReferralsReceived = Advance(p, ReferralProgress.Invited, e.At)
        };

    public static Participant Apply(WorkshopAttendanceRecorded e, Participant p) =>
        p with
        {
            Workshops = (p.Workshops ?? []).Select(w => w.WorkshopId == e.WorkshopId ? w with { Attended = e.Attended } : w).ToList()
        };

    public static Participant Apply(Interviewed e, Participant p) =>
        p with
        {
            Status = p.Status is ParticipantStatus.Received or ParticipantStatus.Invited ? ParticipantStatus.Interviewed : p.Status,
            Interview = new InterviewScores(e.InterviewedOn, e.Drive, e.Will, e.InterviewerId),
            ReferralsReceived = Advance(p, ReferralProgress.InProcess, e.At),
            AdvisorId = p.AdvisorId ?? e.InterviewerId
        };

    /// <summary>
    /// A region manager names her responsible advisor. Until then the advisor who interviewed her is her advisor for the
    /// worklists only (<see cref="AdvisorAssigned"/> false): rights over her personal data, such as seeing her whole
    /// identity number, come with the assignment, never with recording an interview.
    /// </summary>
    public static Participant Apply(ResponsibleAdvisorAssigned e, Participant p) => p with { AdvisorId = e.AdvisorId, AdvisorAssigned = true };

    public static Participant Apply(SelectedForProgramme e, Participant p) =>
        p with { Selected = true, SelectedOn = e.SelectedOn, NotSelectedReason = null, NotSelectedOn = null, ReferralsReceived = Advance(p, ReferralProgress.InProcess, e.At) };

    public static Participant Apply(NotSelected e, Participant p) =>
        p with { Status = ParticipantStatus.NotSelected, NotSelectedReason = e.Reason, NotSelectedOn = e.DecidedOn, ReferralsReceived = Advance(p, ReferralProgress.Closed, e.At) };

    public static Participant Apply(PlacedOnWaitingList e, Participant p) =>
        p with { Status = ParticipantStatus.WaitingList, WaitingSince = e.At, ReferralsReceived = Advance(p, ReferralProgress.InProcess, e.At) };

    public static Participant Apply(JoinedNetworkGroup e, Participant p) =>
        p with
        {
            Status = ParticipantStatus.InProgramme,
            NetworkGroupId = e.NetworkGroupId,
            JoinedGroupOn = e.JoinedOn,
            WaitingSince = null,
            ReferralsReceived = Advance(p, ReferralProgress.InProcess, e.At)
        };

    public static Participant Apply(ProfileUpdated e, Participant p) =>
        p with
        {
            Gender = e.Gender,
            BornAbroad = e.BornAbroad,
            ParentBornAbroad = e.ParentBornAbroad,
            EducationLevel = e.EducationLevel,
            Languages = e.Languages,
            Municipality = e.Municipality,
            FamilyInvolvedInBusinessIdea = e.FamilyInvolvedInBusinessIdea,
            LanguageTrainingNeed = e.LanguageTrainingNeed,
            PermanentResidencePermit = e.PermanentResidencePermit ?? p.PermanentResidencePermit,
            ProfileChanges = [.. p.ProfileChanges ?? [], new ProfileChange(e.At, e.ChangedBy)]
        };

    public static Participant Apply(OutcomeRecorded e, Participant p) =>
        p with
        {
            Outcomes = [.. p.Outcomes ?? [], new RecordedOutcome(e.Outcome, e.OutcomeOn, e.CompanyForm, e.CompanyStartedOn, e.SocialEnterprise)]
        };

    public static Participant Apply(ExitedProgramme e, Participant p) =>
        p with
        {
            Status = ParticipantStatus.Exited,
            ExitReason = e.Reason,
            ExitedOn = e.ExitedOn,
            WaitingSince = null,
            ReferralsReceived = Advance(p, ReferralProgress.Closed, e.At)
        };

    public static Participant Apply(FollowUpScheduled e, Participant p)
    {
        List<ScheduledFollowUp> scheduled = [.. (p.ScheduledFollowUps ?? []).Where(s => s.Point != e.Point), new ScheduledFollowUp(e.Point, e.DueOn)];
        return p with { ScheduledFollowUps = scheduled, FollowUpDueOn = NextFollowUpDue(scheduled, p.FollowUps) };
    }

    public static Participant Apply(FollowedUp e, Participant p)
    {
        List<RecordedFollowUp> recorded = [.. p.FollowUps ?? [], new RecordedFollowUp(e.Point, e.Status, e.FollowedUpOn, e.Answers, e.AnsweredBy)];
        return p with { FollowUps = recorded, FollowUpDueOn = NextFollowUpDue(p.ScheduledFollowUps, recorded) };
    }

    public static Participant Apply(IdentityNumberRevealed e, Participant p) => p;

    public static Participant Apply(PersonalDataErased e, Participant p) =>
        p with { Erased = true, ReferralsReceived = Advance(p, ReferralProgress.Closed, e.At) };

    /// <summary>Her latest next step in life, or no-next-step.</summary>
    public string NextStep => Outcomes is { Count: > 0 } outcomes ? outcomes[^1].Outcome : Contracts.ProgrammeOutcomes.NoNextStep;
}

public static class ParticipantsModule
{
    /// <summary>Everything the Participants area needs from Marten.</summary>
    public static StoreOptions ConfigureParticipants(this StoreOptions options)
    {
        options.Projections.Snapshot<Participant>(SnapshotLifecycle.Inline);
        // Reveals recorded before the purpose list held the staff member's own words: erasure blanks them.
        options.Events.AddMaskingRuleForProtectedInformation<IdentityNumberRevealed>(e =>
            RevealingIdentityNumber.RevealIdentityNumberEndpoint.Purposes.Contains(e.Reason) || e.Reason == RevealingIdentityNumber.FunderReportIdentities.Purpose
                ? e : e with { Reason = NeemPlatform.Hosting.Erasure.Placeholder });
        options.Schema.For<Participant>().Index(p => p.Region).Index(p => p.Status).Index(p => p.AdvisorId!).Index(p => p.NetworkGroupId!);
        options.Schema.For<PersonalDataRecord>();
        options.Schema.For<IdentityIndex>();
        return options;
    }
}

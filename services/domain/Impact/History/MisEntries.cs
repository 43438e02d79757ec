using JasperFx.Events.Projections;

namespace NeemPlatform.Impact.History;

// The MIS history: one stream per participant (stream id = participant id) in Impact's own event store.
// Each entry records a fact another service published: when it happened (OccurredAt, the producer's
// time) and when the MIS learned of it (RecordedAt). SourceEventId is the producer's EventId.

public interface IMisEntry
{
    Guid ParticipantId { get; }
    Guid SourceEventId { get; }
    string Region { get; }
    DateTimeOffset OccurredAt { get; }
    DateTimeOffset RecordedAt { get; }
}

/// <summary>The non-identifying attributes every Participant fact carries (see the contracts).</summary>
public sealed record MisAttributes(string Gender, bool? ForeignBackground, string AgeBand, string TargetGroup, string Source,
    string EducationLevel = "unknown");

public sealed record ReferralRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, Guid ReferralId, Guid? PartnerId, string ReferralSource,
    DateOnly ReferredOn, MisAttributes Attributes, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record SelectionRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly SelectedOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, MisAttributes? Attributes = null) : IMisEntry;

public sealed record NonSelectionRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Reason, DateOnly DecidedOn, MisAttributes Attributes,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record NetworkGroupJoinRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, Guid NetworkGroupId, DateOnly JoinedOn, MisAttributes Attributes,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

/// <summary>Her next step; a started company carries EnterpriseId, a pseudonym of the enterprise (co-founders share it).</summary>
public sealed record NextStepRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Outcome, DateOnly OutcomeOn, string? CompanyForm,
    DateOnly? CompanyStartedOn, bool SocialEnterprise, MisAttributes Attributes,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, Guid? EnterpriseId = null) : IMisEntry;

/// <summary>Her profile changed in what the indicators count by: the attributes as they stand from ChangedOn.</summary>
public sealed record ProfileChangeRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly ChangedOn, MisAttributes Attributes,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

/// <summary>A follow-up: her status at the point and, when she or her advisor answered the questionnaire, its anonymous answers.</summary>
public sealed record FollowUpRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Point, string Status, DateOnly FollowedUpOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, Contracts.FollowUpAnswers? Answers = null,
    string AnsweredBy = Contracts.FollowUpAnswerers.Advisor) : IMisEntry;

public sealed record ModuleApprovalRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string ModuleCode, int ModuleOrder, int ModulesInCurriculum, DateOnly ApprovedOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record AttendanceEntryRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, Guid SessionId, string SessionKind, DateOnly SessionOn, string Status,
    decimal Hours, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record CoachingCompletionRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly CompletedOn, int ModulesApproved,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record CoachingDropoutRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Reason, DateOnly DroppedOutOn, int ModulesApproved,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

/// <summary>A fact about one of her loans: applied, approved, rejected, disbursed, repayment, arrears, rescheduled, settled, written-off.</summary>
public sealed record LoanFactRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Fact, Guid LoanId, decimal? AmountSek, DateOnly On, string? Detail,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, decimal? OutstandingSek = null, int? InstalmentsDue = null,
    int? InstalmentsPaidOnTime = null) : IMisEntry;

/// <summary>What the MIS knows of one loan.</summary>
public sealed record MisLoan(string Status, decimal DisbursedSek, decimal OutstandingSek, string Bucket, decimal WrittenOffSek,
    int InstalmentsDue, int InstalmentsPaidOnTime);

public sealed record ErasureRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly ErasedOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record EnrolmentRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly EnrolledOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record PlanApprovalRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, decimal FinancingNeedSek, decimal ExpectedMonthlySurplusSek,
    DateOnly ApprovedOn, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record CreditFileRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, decimal FinancingLimitSek, DateOnly OpenedOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record LeavingRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Outcome, DateOnly LeftOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string ExitReason = "completed", MisAttributes? Attributes = null) : IMisEntry;

/// <summary>What the MIS knows of one participant, built from her history.</summary>
public sealed record MisParticipant(
    Guid Id,
    string Region,
    int Entries,
    DateOnly? SelectedOn,
    DateOnly? EnrolledOn,
    DateOnly? PlanApprovedOn,
    decimal? FinancingNeedSek,
    decimal? CreditLimitSek,
    string? Outcome,
    DateOnly? LeftOn,
    MisAttributes? Attributes = null,
    int Referrals = 0,
    Guid? NetworkGroupId = null,
    string? NotSelectedReason = null,
    IReadOnlyList<string>? NextSteps = null,
    bool StartedSocialEnterprise = false,
    IReadOnlyList<string>? FollowUps = null,
    bool Erased = false,
    int ModulesApproved = 0,
    IReadOnlyDictionary<Guid, string>? AttendanceBySession = null,
    DateOnly? CoachingCompletedOn = null,
    string? CoachingDropoutReason = null,
    IReadOnlyDictionary<string, int>? LoanFacts = null,
    DateOnly? JoinedGroupOn = null,
    IReadOnlyDictionary<Guid, MisLoan>? Loans = null,
    IReadOnlyList<Guid>? SocialEnterpriseIds = null,
    DateOnly? FirstReferredOn = null,
    bool FinancedOutsideProgramme = false)
{
    private static MisParticipant Empty(IMisEntry e) => new(e.ParticipantId, e.Region, 0, null, null, null, null, null, null, null);

    public static MisParticipant Create(ReferralRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(NonSelectionRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(NetworkGroupJoinRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(NextStepRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(ProfileChangeRecorded e) => Apply(e, Empty(e));

    public static MisParticipant Apply(ProfileChangeRecorded e, MisParticipant p) => p with { Entries = p.Entries + 1, Attributes = e.Attributes };
    public static MisParticipant Create(FollowUpRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(ErasureRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(ModuleApprovalRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(LoanFactRecorded e) => Apply(e, Empty(e));

    public static MisParticipant Apply(LoanFactRecorded e, MisParticipant p) =>
        p with
        {
            Entries = p.Entries + 1,
            LoanFacts = new Dictionary<string, int>(p.LoanFacts ?? new Dictionary<string, int>()) { [e.Fact] = (p.LoanFacts?.GetValueOrDefault(e.Fact) ?? 0) + 1 },
            Loans = new Dictionary<Guid, MisLoan>(p.Loans ?? new Dictionary<Guid, MisLoan>()) { [e.LoanId] = NextLoan(p.Loans?.GetValueOrDefault(e.LoanId), e) }
        };

    /// <summary>A loan's state after one more fact about it.</summary>
    public static MisLoan NextLoan(MisLoan? loan, LoanFactRecorded e)
    {
        var l = loan ?? new MisLoan("applied", 0m, 0m, "current", 0m, 0, 0);
        return e.Fact switch
        {
            "disbursed" => l with { Status = "active", DisbursedSek = e.AmountSek ?? 0m, OutstandingSek = e.AmountSek ?? 0m },
            "repayment" => l with
            {
                OutstandingSek = e.OutstandingSek ?? l.OutstandingSek, InstalmentsDue = e.InstalmentsDue ?? l.InstalmentsDue,
                InstalmentsPaidOnTime = e.InstalmentsPaidOnTime ?? l.InstalmentsPaidOnTime
            },
            "arrears" => l with { Bucket = e.Detail ?? l.Bucket, OutstandingSek = e.AmountSek ?? l.OutstandingSek },
            "settled" => l with { Status = "settled", OutstandingSek = 0m, Bucket = "current" },
            // The write-off ratio counts principal only: what was outstanding when it was written off (the amount also holds
            // interest and fees due).
            "written-off" => l with { Status = "written-off", WrittenOffSek = Math.Min(l.OutstandingSek, e.AmountSek ?? 0m), OutstandingSek = 0m },
            "rejected" => l with { Status = "rejected" },
            _ => l
        };
    }
    public static MisParticipant Create(AttendanceEntryRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(CoachingCompletionRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(CoachingDropoutRecorded e) => Apply(e, Empty(e));

    public static MisParticipant Apply(ModuleApprovalRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, ModulesApproved = p.ModulesApproved + 1 };

    /// <summary>A correction for the same session replaces the earlier status.</summary>
    public static MisParticipant Apply(AttendanceEntryRecorded e, MisParticipant p) =>
        p with
        {
            Entries = p.Entries + 1,
            AttendanceBySession = new Dictionary<Guid, string>(p.AttendanceBySession ?? new Dictionary<Guid, string>()) { [e.SessionId] = e.Status }
        };

    public static MisParticipant Apply(CoachingCompletionRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, CoachingCompletedOn = e.CompletedOn };

    public static MisParticipant Apply(CoachingDropoutRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, CoachingDropoutReason = e.Reason };

    public static MisParticipant Apply(ReferralRecorded e, MisParticipant p) =>
        p with
        {
            Entries = p.Entries + 1, Referrals = p.Referrals + 1, Attributes = e.Attributes,
            FirstReferredOn = p.FirstReferredOn is { } first && first <= e.ReferredOn ? first : e.ReferredOn
        };

    public static MisParticipant Apply(NonSelectionRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, NotSelectedReason = e.Reason, Attributes = e.Attributes };

    public static MisParticipant Apply(NetworkGroupJoinRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, NetworkGroupId = e.NetworkGroupId, JoinedGroupOn = p.JoinedGroupOn ?? e.JoinedOn, Attributes = e.Attributes };

    public static MisParticipant Apply(NextStepRecorded e, MisParticipant p) =>
        p with
        {
            Entries = p.Entries + 1, NextSteps = [.. p.NextSteps ?? [], e.Outcome],
            StartedSocialEnterprise = p.StartedSocialEnterprise || e.SocialEnterprise, Attributes = e.Attributes,
            SocialEnterpriseIds = e is { SocialEnterprise: true, EnterpriseId: { } enterprise } && !(p.SocialEnterpriseIds ?? []).Contains(enterprise)
                ? [.. p.SocialEnterpriseIds ?? [], enterprise]
                : p.SocialEnterpriseIds
        };

    public static MisParticipant Apply(FollowUpRecorded e, MisParticipant p) =>
        p with
        {
            Entries = p.Entries + 1, FollowUps = [.. p.FollowUps ?? [], $"{e.Point}:{e.Status}"],
            FinancedOutsideProgramme = p.FinancedOutsideProgramme || e.Answers?.OutsideFinancing == true
        };

    public static MisParticipant Apply(ErasureRecorded e, MisParticipant p) => p with { Entries = p.Entries + 1, Erased = true };

    public static MisParticipant Create(SelectionRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(EnrolmentRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(PlanApprovalRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(CreditFileRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(LeavingRecorded e) => Apply(e, Empty(e));

    public static MisParticipant Apply(SelectionRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, SelectedOn = e.SelectedOn, Attributes = e.Attributes ?? p.Attributes };

    public static MisParticipant Apply(EnrolmentRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, EnrolledOn = e.EnrolledOn };

    public static MisParticipant Apply(PlanApprovalRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, PlanApprovedOn = e.ApprovedOn, FinancingNeedSek = e.FinancingNeedSek };

    public static MisParticipant Apply(CreditFileRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, CreditLimitSek = e.FinancingLimitSek };

    public static MisParticipant Apply(LeavingRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, Outcome = e.Outcome, LeftOn = e.LeftOn, Attributes = e.Attributes ?? p.Attributes };
}

public static class HistoryModule
{
    public static StoreOptions ConfigureHistory(this StoreOptions options)
    {
        options.Projections.Snapshot<MisParticipant>(SnapshotLifecycle.Inline);
        return options;
    }
}

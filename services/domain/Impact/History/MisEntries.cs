using System.Text.Json.Serialization;
using JasperFx.Events.Projections;

namespace NeemPlatform.Impact.History;

// The MIS history: one stream per participant (stream id = participant id) in Impact's own event store.
// Each entry records a fact another service published: when it happened (OccurredAt, the producer's
// time) and when the MIS learned of it (RecordedAt). SourceEventId is the producer's EventId.

//
// An entry says itself what it means to her MIS state (Fold) and on which date it happened (HappenedOn): the live snapshot,
// the history as of a date, the researcher's replay and the national view all fold through MisFold.Apply, which asks the
// entry. A new fact is its contract message, its record here (with its fold, its date and its JSON contract below), its
// recording (Recording/RecordInHistory.cs) and its anonymous form in the feed (Feed/MisFeed.cs).
public interface IMisEntry
{
    Guid ParticipantId { get; }
    Guid SourceEventId { get; }
    string Region { get; }
    DateTimeOffset OccurredAt { get; }
    DateTimeOffset RecordedAt { get; }

    /// <summary>The date the fact happened in the programme (not when the MIS learned of it).</summary>
    DateOnly HappenedOn();

    /// <summary>Her state with this fact in it (MisFold.Apply counts the entry).</summary>
    MisParticipant Fold(MisParticipant state);
}

/// <summary>The non-identifying attributes every Participant fact carries (see the contracts).</summary>
public sealed record MisAttributes(string Gender, bool? ForeignBackground, string AgeBand, string TargetGroup, string Source,
    string EducationLevel = "unknown");

public sealed record ReferralRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, Guid ReferralId, Guid? PartnerId, string ReferralSource,
    DateOnly ReferredOn, MisAttributes Attributes, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => ReferredOn;

    public MisParticipant Fold(MisParticipant state) =>
        state with
        {
            Referrals = state.Referrals + 1,
            Attributes = Attributes,
            FirstReferredOn = state.FirstReferredOn is { } first && first <= ReferredOn ? first : ReferredOn
        };
}

public sealed record SelectionRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly SelectedOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, MisAttributes? Attributes = null) : IMisEntry
{
    public DateOnly HappenedOn() => SelectedOn;

    public MisParticipant Fold(MisParticipant state) => state with { SelectedOn = SelectedOn, Attributes = Attributes ?? state.Attributes };
}

public sealed record NonSelectionRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Reason, DateOnly DecidedOn, MisAttributes Attributes,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => DecidedOn;

    public MisParticipant Fold(MisParticipant state) => state with { NotSelectedReason = Reason, Attributes = Attributes };
}

public sealed record NetworkGroupJoinRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, Guid NetworkGroupId, DateOnly JoinedOn, MisAttributes Attributes,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => JoinedOn;

    public MisParticipant Fold(MisParticipant state) => state with { NetworkGroupId = NetworkGroupId, JoinedGroupOn = state.JoinedGroupOn ?? JoinedOn, Attributes = Attributes };
}

/// <summary>Her next step; a started company carries EnterpriseId, a pseudonym of the enterprise (co-founders share it).</summary>
public sealed record NextStepRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Outcome, DateOnly OutcomeOn, string? CompanyForm,
    DateOnly? CompanyStartedOn, bool SocialEnterprise, MisAttributes Attributes,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, Guid? EnterpriseId = null) : IMisEntry
{
    public DateOnly HappenedOn() => OutcomeOn;

    public MisParticipant Fold(MisParticipant state) =>
        state with
        {
            NextSteps = [.. state.NextSteps ?? [], Outcome],
            StartedSocialEnterprise = state.StartedSocialEnterprise || SocialEnterprise,
            Attributes = Attributes,
            SocialEnterpriseIds = this is { SocialEnterprise: true, EnterpriseId: { } enterprise } && !(state.SocialEnterpriseIds ?? []).Contains(enterprise)
                ? [.. state.SocialEnterpriseIds ?? [], enterprise]
                : state.SocialEnterpriseIds
        };
}

/// <summary>Her profile changed in what the indicators count by: the attributes as they stand from ChangedOn.</summary>
public sealed record ProfileChangeRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly ChangedOn, MisAttributes Attributes,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => ChangedOn;

    public MisParticipant Fold(MisParticipant state) => state with { Attributes = Attributes };
}

/// <summary>A follow-up: her status at the point and, when she or her advisor answered the questionnaire, its anonymous answers.</summary>
public sealed record FollowUpRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Point, string Status, DateOnly FollowedUpOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, Contracts.FollowUpAnswers? Answers = null,
    string AnsweredBy = Contracts.FollowUpAnswerers.Advisor) : IMisEntry
{
    public DateOnly HappenedOn() => FollowedUpOn;

    public MisParticipant Fold(MisParticipant state) =>
        state with
        {
            FollowUps = [.. state.FollowUps ?? [], $"{Point}:{Status}"],
            FinancedOutsideProgramme = state.FinancedOutsideProgramme || Answers?.OutsideFinancing == true
        };
}

public sealed record ModuleApprovalRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string ModuleCode, int ModuleOrder, int ModulesInCurriculum, DateOnly ApprovedOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => ApprovedOn;

    public MisParticipant Fold(MisParticipant state) => state with { ModulesApproved = state.ModulesApproved + 1 };
}

public sealed record AttendanceEntryRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, Guid SessionId, string SessionKind, DateOnly SessionOn, string Status,
    decimal Hours, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => SessionOn;

    public MisParticipant Fold(MisParticipant state) =>
        // A correction for the same session replaces the earlier status.
        state with { AttendanceBySession = new Dictionary<Guid, string>(state.AttendanceBySession ?? new Dictionary<Guid, string>()) { [SessionId] = Status } };
}

public sealed record CoachingCompletionRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly CompletedOn, int ModulesApproved,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => CompletedOn;

    public MisParticipant Fold(MisParticipant state) => state with { CoachingCompletedOn = CompletedOn };
}

public sealed record CoachingDropoutRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Reason, DateOnly DroppedOutOn, int ModulesApproved,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => DroppedOutOn;

    public MisParticipant Fold(MisParticipant state) => state with { CoachingDropoutReason = Reason };
}

/// <summary>A fact about one of her loans: applied, approved, rejected, disbursed, repayment, arrears, rescheduled, settled, written-off.</summary>
public sealed record LoanFactRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Fact, Guid LoanId, decimal? AmountSek, DateOnly On, string? Detail,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, decimal? OutstandingSek = null, int? InstalmentsDue = null,
    int? InstalmentsPaidOnTime = null) : IMisEntry
{
    public DateOnly HappenedOn() => On;

    public MisParticipant Fold(MisParticipant state) =>
        state with
        {
            LoanFacts = new Dictionary<string, int>(state.LoanFacts ?? new Dictionary<string, int>()) { [Fact] = (state.LoanFacts?.GetValueOrDefault(Fact) ?? 0) + 1 },
            Loans = new Dictionary<Guid, MisLoan>(state.Loans ?? new Dictionary<Guid, MisLoan>()) { [LoanId] = MisParticipant.NextLoan(state.Loans?.GetValueOrDefault(LoanId), this) }
        };
}

/// <summary>What the MIS knows of one loan.</summary>
public sealed record MisLoan(string Status, decimal DisbursedSek, decimal OutstandingSek, string Bucket, decimal WrittenOffSek,
    int InstalmentsDue, int InstalmentsPaidOnTime);

public sealed record ErasureRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly ErasedOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => ErasedOn;

    public MisParticipant Fold(MisParticipant state) => state with { Erased = true };
}

public sealed record EnrolmentRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly EnrolledOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => EnrolledOn;

    public MisParticipant Fold(MisParticipant state) => state with { EnrolledOn = EnrolledOn };
}

public sealed record PlanApprovalRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, decimal FinancingNeedSek, decimal ExpectedMonthlySurplusSek,
    DateOnly ApprovedOn, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => ApprovedOn;

    public MisParticipant Fold(MisParticipant state) => state with { PlanApprovedOn = ApprovedOn, FinancingNeedSek = FinancingNeedSek };
}

public sealed record CreditFileRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, decimal FinancingLimitSek, DateOnly OpenedOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry
{
    public DateOnly HappenedOn() => OpenedOn;

    public MisParticipant Fold(MisParticipant state) => state with { CreditLimitSek = FinancingLimitSek };
}

public sealed record LeavingRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Outcome, DateOnly LeftOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string ExitReason = "completed", MisAttributes? Attributes = null) : IMisEntry
{
    public DateOnly HappenedOn() => LeftOn;

    public MisParticipant Fold(MisParticipant state) => state with { Outcome = Outcome, LeftOn = LeftOn, Attributes = Attributes ?? state.Attributes };
}

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
    /// <summary>Her state before the first entry of her history.</summary>
    public static MisParticipant Empty(IMisEntry e) => new(e.ParticipantId, e.Region, 0, null, null, null, null, null, null, null);

    /// <summary>A loan's state after one more fact about it.</summary>
    public static MisLoan NextLoan(MisLoan? loan, LoanFactRecorded e)
    {
        var l = loan ?? new MisLoan("applied", 0m, 0m, "current", 0m, 0, 0);
        return e.Fact switch
        {
            "disbursed" => l with { Status = "active", DisbursedSek = e.AmountSek ?? 0m, OutstandingSek = e.AmountSek ?? 0m },
            "repayment" => l with
            {
                OutstandingSek = e.OutstandingSek ?? l.OutstandingSek,
                InstalmentsDue = e.InstalmentsDue ?? l.InstalmentsDue,
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
}

/// <summary>Her live MIS state, kept with every entry appended: the same fold as every other reading of the history.</summary>
public sealed class MisParticipantProjection : Marten.Events.Aggregation.SingleStreamProjection<MisParticipant, Guid>
{
    public MisParticipantProjection()
    {
        foreach (var type in MisEntryTypes.All)
        {
            IncludeType(type);
        }
    }

    public override MisParticipant? Evolve(MisParticipant? snapshot, Guid id, JasperFx.Events.IEvent e) =>
        e.Data is IMisEntry entry ? MisFold.Apply(snapshot, entry) : snapshot;
}

/// <summary>Every kind of MIS entry, found in this assembly.</summary>
public static class MisEntryTypes
{
    public static readonly IReadOnlyList<Type> All = typeof(IMisEntry).Assembly.GetTypes()
        .Where(t => typeof(IMisEntry).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false }).ToList();
}

/// <summary>The MIS entries' JSON contract, generated at build: deserialising a row costs no reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReferralRecorded))]
[JsonSerializable(typeof(SelectionRecorded))]
[JsonSerializable(typeof(NonSelectionRecorded))]
[JsonSerializable(typeof(NetworkGroupJoinRecorded))]
[JsonSerializable(typeof(NextStepRecorded))]
[JsonSerializable(typeof(ProfileChangeRecorded))]
[JsonSerializable(typeof(FollowUpRecorded))]
[JsonSerializable(typeof(ModuleApprovalRecorded))]
[JsonSerializable(typeof(AttendanceEntryRecorded))]
[JsonSerializable(typeof(CoachingCompletionRecorded))]
[JsonSerializable(typeof(CoachingDropoutRecorded))]
[JsonSerializable(typeof(LoanFactRecorded))]
[JsonSerializable(typeof(ErasureRecorded))]
[JsonSerializable(typeof(EnrolmentRecorded))]
[JsonSerializable(typeof(PlanApprovalRecorded))]
[JsonSerializable(typeof(CreditFileRecorded))]
[JsonSerializable(typeof(LeavingRecorded))]
internal sealed partial class MisEntryJson : JsonSerializerContext;

public static class HistoryModule
{
    public static StoreOptions ConfigureHistory(this StoreOptions options)
    {
        options.Projections.Add(new MisParticipantProjection(), ProjectionLifecycle.Inline);
        return options;
    }
}

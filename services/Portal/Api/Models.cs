using System.Text.Json;

namespace NeemPlatform.Portal.Api;

// What the portal reads from the services: only the members it shows (the services' documents stay the authority).

public sealed record ParticipantHit(Guid Id, string Name, string MaskedIdentityNumber, string Status, string Source, DateOnly RegisteredOn,
    Guid? NetworkGroupId, string? AdvisorId, int OpenReferrals);

public sealed record ParticipantSearchResult(IReadOnlyList<ParticipantHit> Participants, int Page, int PageSize, int Total);

public sealed record InboxEntry(Guid ReferralId, Guid ParticipantId, string Name, Guid PartnerId, string PartnerName, DateTimeOffset ReceivedAt,
    string Status, bool KnownBefore, bool HasProposal);

public sealed record InboxPage(IReadOnlyList<InboxEntry> Referrals, int Page, int PageSize, int Total);

public sealed record WorkshopInvitation(Guid WorkshopId, DateOnly WorkshopOn, bool? Attended);

public sealed record InterviewScores(DateOnly InterviewedOn, int Drive, int Will, string InterviewerId);

public sealed record RecordedOutcome(string Outcome, DateOnly OutcomeOn, string? CompanyForm, DateOnly? CompanyStartedOn, bool SocialEnterprise);

public sealed record RecordedFollowUp(string Point, string Status, DateOnly FollowedUpOn);

public sealed record ReferralProgress(Guid ReferralId, Guid? PartnerId, DateOnly ReceivedOn, string Status);

public sealed record Participant(
    Guid Id, string Region, string Status, IReadOnlyList<string> Sources, int Referrals, string TargetGroup, string Municipality,
    bool PermanentResidencePermit, string Gender, bool? BornAbroad, bool? ParentBornAbroad, string AgeBand, DateOnly RegisteredOn,
    string? EducationLevel, IReadOnlyList<WorkshopInvitation>? Workshops, InterviewScores? Interview, bool Selected, DateOnly? SelectedOn,
    string? NotSelectedReason, DateTimeOffset? WaitingSince, Guid? NetworkGroupId, DateOnly? JoinedGroupOn, IReadOnlyList<RecordedOutcome>? Outcomes,
    string? ExitReason, DateOnly? ExitedOn, DateOnly? FollowUpDueOn, IReadOnlyList<RecordedFollowUp>? FollowUps, bool Erased,
    IReadOnlyList<ReferralProgress>? ReferralsReceived, string? AdvisorId, IReadOnlyList<string>? Languages = null,
    bool? FamilyInvolvedInBusinessIdea = null, string? LanguageTrainingNeed = null, IReadOnlyList<ProfileChange>? ProfileChanges = null,
    DateOnly? NotSelectedOn = null);

public sealed record ProfileChange(DateTimeOffset At, string? ChangedBy);

public sealed record PersonalNote(string Kind, string Text, string WrittenBy, DateTimeOffset WrittenAt);

public sealed record PersonalDataProposal(Guid ReferralId, string Source, string? FirstName, string? LastName, string? Phone, string? Email,
    string? Note, DateTimeOffset ReceivedAt);

public sealed record PersonalDataView(string MaskedIdentityNumber, string FirstName, string LastName, string? Phone, string? Email,
    IReadOnlyList<PersonalNote> Notes, IReadOnlyList<PersonalDataProposal> Proposals);

public sealed record ParticipantView(Participant Participant, PersonalDataView? PersonalData);

public sealed record RevealedIdentityNumber(Guid ParticipantId, string PersonalIdentityNumber);

public sealed record NetworkGroupView(Guid Id, string Region, string Name, int Capacity, int Members, int FreePlaces, DateOnly FormedOn);

public sealed record NetworkGroupsView(IReadOnlyList<NetworkGroupView> Groups, IReadOnlyList<WaitingEntry> WaitingList);

public sealed record Tick(string ModuleCode, string ItemCode, DateOnly TickedOn, string TickedBy);

public sealed record Approval(string ModuleCode, DateOnly ApprovedOn, string ApprovedBy);

public sealed record Attendance(Guid SessionId, string SessionKind, DateOnly SessionOn, string Status, decimal Hours);

public sealed record Enrolment(Guid Id, DateOnly EnrolledOn, string Status, decimal? FinancingNeedSek, decimal? ExpectedMonthlySurplusSek,
    DateOnly? PlanApprovedOn, string Region, Guid? NetworkGroupId, int CurriculumVersion, DateOnly? PlannedEndOn, string? AdvisorId,
    IReadOnlyList<Tick>? Ticks, IReadOnlyList<Approval>? Approvals, int Reopenings, IReadOnlyList<Attendance>? Attendances,
    DateOnly? CompletedOn, string? DropoutReason, DateOnly? DroppedOutOn, bool Erased);

public sealed record EnrolmentView(Enrolment Enrolment, long Version);

public sealed record Text(string Sv, string En)
{
    /// <summary>The text in the staff member's language.</summary>
    public string InCurrentLanguage => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? En : Sv;
}

public sealed record ChecklistItem(string Code, Text Title, bool Mandatory);

public sealed record Module(string Code, int Order, Text Title, IReadOnlyList<ChecklistItem> Items);

public sealed record CurriculumVersion(string Id, string Region, int Version, IReadOnlyList<Module> Modules);

public sealed record LoanSummary(Guid Id, string Status, decimal AmountSek, DateOnly AppliedOn, DateOnly? ApprovedOn, DateOnly? DisbursedOn,
    DateOnly? SettledOn, DateOnly? WrittenOffOn);

/// <summary>A raw answer the portal only looks into (lists whose shape it does not need whole).</summary>
public sealed record Raw(JsonElement Value);

public sealed record WorkshopGuest(Guid ParticipantId, bool? Attended);

public sealed record Workshop(Guid Id, string Region, DateOnly ScheduledOn, string Place, IReadOnlyList<WorkshopGuest> Guests);

public sealed record WaitingEntry(int Position, Guid ParticipantId, DateTimeOffset WaitingSince, bool Selected);

public sealed record RegistrationReceipt(Guid ParticipantId, string Status, bool AlreadyKnown);

public sealed record PartnerCredentialView(Guid Id, string Label, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset? RevokedAt,
    string Kind = "live", DateTimeOffset? ExpiresAt = null);

public sealed record CallbackAddressView(string Kind, string Url, DateTimeOffset RegisteredAt, int SecretGeneration);

public sealed record PartnerView(Guid Id, string Name, string Region, DateTimeOffset CreatedAt, IReadOnlyList<PartnerCredentialView> Credentials,
    IReadOnlyList<CallbackAddressView>? Callbacks = null);

public sealed record CallbackAttempt(DateTimeOffset At, string Url, int? StatusCode, string? Error, int DurationMs);

public sealed record CallbackDeliveryView(Guid Id, Guid ReferralId, string Kind, string Status, string PreviousStatus, DateTimeOffset ChangedAt,
    string State, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, IReadOnlyList<CallbackAttempt> Attempts);

public sealed record CallbackDeliveryPage(IReadOnlyList<CallbackDeliveryView> Deliveries, int Page, int PageSize, int Total, string? Next);

public sealed record IssuedCredential(Guid PartnerId, Guid CredentialId, string Key, string Header, DateTimeOffset IssuedAt);

public sealed record RevenueLine(string Label, decimal UnitPriceSek, decimal Quantity);

public sealed record AmountLine(string Label, decimal AmountSek);

public sealed record IncomeStatement(IReadOnlyList<RevenueLine> Revenues, IReadOnlyList<AmountLine> Costs);

public sealed record BudgetMonth(int Month, IReadOnlyList<AmountLine> Inflows, IReadOnlyList<AmountLine> Outflows);

public sealed record LiquidityBudget(decimal OpeningBalanceSek, IReadOnlyList<BudgetMonth> Months);

public sealed record CapitalNeeds(IReadOnlyList<AmountLine> Investments, decimal WorkingCapitalSek, decimal OwnFundsSek);

public sealed record PlanFigures(string CompanyForm, IncomeStatement IncomeStatement, LiquidityBudget LiquidityBudget, CapitalNeeds CapitalNeeds);

public sealed record PlanTexts(string Idea, string ProductOrService, string Pricing, string MarketAndCompetitors, string Marketing);

public sealed record BusinessPlanView(PlanTexts? Texts, PlanFigures Figures, decimal RevenueSek, decimal CostsSek, decimal ResultSek,
    decimal ExpectedMonthlySurplusSek, decimal InvestmentsSek, decimal FinancingNeedSek, DateOnly? ApprovedOn);

public sealed record ModuleAwaitingApproval(Guid ParticipantId, string ModuleCode, int ModuleOrder, string? AdvisorId);

public sealed record Session(Guid Id, string Kind, DateOnly On, decimal Hours, Guid? NetworkGroupId, IReadOnlyList<Guid> Roster,
    IReadOnlyDictionary<Guid, string> Attendance);

/// <summary>A loan's milestones in her journey (Lending's advisor view: no ledger).</summary>
public sealed record LoanMilestones(
    Guid LoanId,
    string ProductCode,
    decimal AmountSek,
    int TermMonths,
    string Status,
    DateOnly AppliedOn,
    string PreparedBy,
    DateOnly? ApprovedOn,
    string? ApprovedBy,
    DateOnly? RejectedOn,
    DateOnly? DisbursedOn,
    string? DisbursedBy,
    int Reschedulings,
    DateOnly? SettledOn,
    DateOnly? WrittenOffOn);

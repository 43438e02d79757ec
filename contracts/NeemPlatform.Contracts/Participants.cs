using Wolverine.Attributes;

namespace NeemPlatform.Contracts;

// Contracts are the platform's public API between services: positional records of primitives, Guids,
// dates and decimals; no direct identifiers (names, identity numbers, contact details, organisation
// numbers, free-text notes) ever.
// EventId is the producer's unique id for the fact: consumers de-duplicate on it, for ever.
// Changes are additive; a breaking change is a new message with a new ".vN" identity.
//
// Every Participant contract carries the non-identifying attributes the MIS needs as they stood when the
// fact happened: Gender (female, male, other, unspecified), ForeignBackground (born abroad or a parent
// born abroad; null when unknown), AgeBand (under-25, 25-29, 30-39, 40-49, 50-54, 55-64, 65-plus, at
// registration), TargetGroup and Source (how she first came to the programme).

/// <summary>
/// A partner (or an advisor, for other sources) referred a person to the programme. A person referred twice
/// is one participant with two referrals: the second one carries the same ParticipantId.
/// Producer: Participant. Consumers: Impact (MIS history).
/// </summary>
[MessageIdentity("neem.participant.referred.v1")]
public sealed record ParticipantReferred(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    Guid ReferralId,
    Guid? PartnerId,
    string ReferralSource,
    bool FirstReferral,
    DateOnly ReferredOn,
    string Gender,
    bool? ForeignBackground,
    string AgeBand,
    string TargetGroup,
    string Source,
    DateTimeOffset OccurredAt);

/// <summary>
/// An advisor selected the participant for the programme (drive and will, eligibility checked). She joins a
/// network group at once when her region has room (see <see cref="ParticipantAssignedToNetworkGroup"/>),
/// otherwise she waits in order.
/// Producer: Participant. Consumers: Impact (MIS history).
/// </summary>
[MessageIdentity("neem.participant.selected.v1")]
public sealed record ParticipantSelected(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    DateOnly SelectedOn,
    DateTimeOffset OccurredAt,
    string Gender = "unspecified",
    bool? ForeignBackground = null,
    string AgeBand = "unknown",
    string TargetGroup = "other",
    string Source = "walk-in");

/// <summary>
/// The participant was not selected, with the reason (a code, never free text).
/// Producer: Participant. Consumers: Impact (MIS history).
/// </summary>
[MessageIdentity("neem.participant.not-selected.v1")]
public sealed record ParticipantNotSelected(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    string Reason,
    DateOnly DecidedOn,
    string Gender,
    bool? ForeignBackground,
    string AgeBand,
    string TargetGroup,
    string Source,
    DateTimeOffset OccurredAt);

/// <summary>
/// The selected participant joined a network group: her business-development coaching can start.
/// Producer: Participant. Consumers: Coaching (enrols her), Impact (MIS history: participants in network groups).
/// </summary>
[MessageIdentity("neem.participant.assigned-to-network-group.v1")]
public sealed record ParticipantAssignedToNetworkGroup(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    Guid NetworkGroupId,
    DateOnly AssignedOn,
    string Gender,
    bool? ForeignBackground,
    string AgeBand,
    string TargetGroup,
    string Source,
    DateTimeOffset OccurredAt,
    string EducationLevel = "unknown");

/// <summary>
/// The participant's next step in life (studies, internship, employment, started company). For a started
/// company: its form, start date, whether it is a social enterprise, and EnterpriseId, a pseudonym of the enterprise
/// (a keyed hash of its organisation number under the region's secret) so that an enterprise two participants founded
/// together counts once (never the organisation number itself, which for a sole trader is her identity number).
/// Producer: Participant. Consumers: Impact (MIS history: next steps, companies, social enterprises).
/// </summary>
[MessageIdentity("neem.participant.outcome-recorded.v1")]
public sealed record ParticipantOutcomeRecorded(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    string Outcome,
    DateOnly OutcomeOn,
    string? CompanyForm,
    DateOnly? CompanyStartedOn,
    bool SocialEnterprise,
    string Gender,
    bool? ForeignBackground,
    string AgeBand,
    string TargetGroup,
    string Source,
    DateTimeOffset OccurredAt,
    Guid? EnterpriseId = null);

/// <summary>
/// Her profile changed in what the MIS breaks the indicators down by: the attributes as they stand from
/// <see cref="ChangedOn"/>. Published only when one of them changed.
/// Producer: Participant. Consumers: Impact (MIS history: shares of women and of foreign background).
/// </summary>
[MessageIdentity("neem.participant.profile-changed.v1")]
public sealed record ParticipantProfileChanged(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    DateOnly ChangedOn,
    string Gender,
    bool? ForeignBackground,
    string AgeBand,
    string TargetGroup,
    string Source,
    string EducationLevel,
    DateTimeOffset OccurredAt);

/// <summary>
/// The participant left the programme (exit), with her next step in life (her latest recorded outcome, or
/// no-next-step) and the exit reason.
/// Producer: Participant. Consumers: Impact (MIS history, outcomes, follow-up).
/// </summary>
[MessageIdentity("neem.participant.left-programme.v1")]
public sealed record ParticipantLeftProgramme(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    string Outcome,
    DateOnly LeftOn,
    DateTimeOffset OccurredAt,
    string ExitReason = "completed",
    string Gender = "unspecified",
    bool? ForeignBackground = null,
    string AgeBand = "unknown",
    string TargetGroup = "other",
    string Source = "walk-in",
    string EducationLevel = "unknown");

/// <summary>
/// A follow-up of the participant's status: at exit, six or twelve months after.
/// Producer: Participant. Consumers: Impact (funder reports: status at leaving and six months later).
/// </summary>
[MessageIdentity("neem.participant.followed-up.v1")]
public sealed record ParticipantFollowedUp(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    string Point,
    string Status,
    DateOnly FollowedUpOn,
    DateTimeOffset OccurredAt,
    FollowUpAnswers? Answers = null,
    string AnsweredBy = FollowUpAnswerers.Advisor);

/// <summary>
/// Her answers to a follow-up questionnaire (all codes, never free text, nothing that identifies her), of the questionnaire
/// <see cref="QuestionnaireVersion"/>. A question she was not asked or left out is null. Bands: turnover in SEK a year
/// (none, under-100k, 100k-500k, 500k-1m, over-1m); employees besides herself (none, one, two-to-four, five-or-more);
/// income in SEK a month (none, under-10k, 10k-20k, 20k-30k, over-30k, not-said); <see cref="SelfAssessment"/> from 1 (far
/// from where she wants to be) to 5 (where she wants to be). Financiers outside the programme: almi, bank,
/// nyforetagarcentrum, other.
/// </summary>
public sealed record FollowUpAnswers(
    int QuestionnaireVersion,
    bool? CompanyTrading = null,
    string? Turnover = null,
    string? Employees = null,
    bool? SocialEnterprise = null,
    bool? OutsideFinancing = null,
    IReadOnlyList<string>? Financiers = null,
    string? Income = null,
    int? SelfAssessment = null);

/// <summary>Who gave a follow-up's answers: the advisor on a call, or the participant herself through a one-time link.</summary>
public static class FollowUpAnswerers
{
    public const string Advisor = "advisor";
    public const string Participant = "participant";
}

/// <summary>
/// The participant's personal data was erased. Every consumer drops what could identify her (free-text
/// notes, anything keyed by a direct identifier) and keeps the anonymous history.
/// Producer: Participant. Consumers: Impact (leaves her out of researcher exports).
/// </summary>
[MessageIdentity("neem.participant.erased.v1")]
public sealed record ParticipantErased(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    DateOnly ErasedOn,
    DateTimeOffset OccurredAt);

/// <summary>The next steps in life the programme counts: work, studies, an internship, her own company.</summary>
public static class ProgrammeOutcomes
{
    public const string Studies = "studies";
    public const string Internship = "internship";
    public const string Employment = "employment";
    public const string StartedCompany = "started-company";
    public const string NoNextStep = "no-next-step";

    public static readonly IReadOnlyList<string> All = [Studies, Internship, Employment, StartedCompany, NoNextStep];

    /// <summary>The outcomes that count as a next step (studies, internship, employment, company).</summary>
    public static readonly IReadOnlyList<string> NextSteps = [Studies, Internship, Employment, StartedCompany];
}

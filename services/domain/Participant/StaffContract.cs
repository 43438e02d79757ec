using NeemPlatform.Participant.Participants.ClosingReferral;
using NeemPlatform.Participant.Participants.Deciding;
using NeemPlatform.Participant.Participants.Erasing;
using NeemPlatform.Participant.Participants.Exiting;
using NeemPlatform.Participant.Participants.RecordingOutcomes;
using NeemPlatform.Participant.Participants.Searching;
using NeemPlatform.Participant.Participants.UpdatingProfile;
using NeemPlatform.Participant.PersonalData.ReviewingProposals;

namespace NeemPlatform.Participant;

/// <summary>The closed sets of values the staff operations' validators accept, said in the API document from the same vocabularies.</summary>
public static class StaffContract
{
    private static FieldFacts OneOf(IReadOnlyList<string> values, string? description = null) => new(description, values);

    public static ApiSchemaFacts Facts() => new ApiSchemaFacts()
        .For<RegisterParticipant>(new Dictionary<string, FieldFacts> { ["source"] = OneOf(Vocabulary.StaffSources, "How she came to the programme.") })
        .For<UpdateProfile>(new Dictionary<string, FieldFacts>
        {
            ["gender"] = OneOf(Vocabulary.Genders),
            ["educationLevel"] = OneOf(Vocabulary.EducationLevels),
            ["languageTrainingNeed"] = OneOf(Vocabulary.LanguageTrainingNeeds)
        })
        .For<SearchParticipants>(new Dictionary<string, FieldFacts> { ["status"] = OneOf(SearchParticipantsEndpoint.Statuses) })
        .For<RevealIdentityNumber>(new Dictionary<string, FieldFacts> { ["purpose"] = OneOf(RevealIdentityNumberEndpoint.Purposes) })
        .For<RecordOutcome>(new Dictionary<string, FieldFacts> { ["outcome"] = OneOf(Vocabulary.OutcomeKinds) })
        .For<StartedCompany>(new Dictionary<string, FieldFacts> { ["companyForm"] = OneOf(Vocabulary.CompanyForms) })
        .For<RecordFollowUp>(new Dictionary<string, FieldFacts>
        {
            ["point"] = OneOf(Vocabulary.FollowUpPoints),
            ["status"] = OneOf(Vocabulary.FollowUpStatuses)
        })
        .For<AnswerFollowUp>(new Dictionary<string, FieldFacts> { ["status"] = OneOf(FollowUpQuestionnaire.Statuses) })
        .For<Contracts.FollowUpAnswers>(new Dictionary<string, FieldFacts>
        {
            ["turnover"] = OneOf(FollowUpQuestionnaire.TurnoverBands, "Turnover in SEK a year; only when her status is own-company."),
            ["employees"] = OneOf(FollowUpQuestionnaire.EmployeeBands, "People working in her company besides her; only when her status is own-company."),
            ["income"] = OneOf(FollowUpQuestionnaire.IncomeBands, "Her income in SEK a month before tax."),
        })
        .For<Complaints.RegisterComplaint>(new Dictionary<string, FieldFacts>
        {
            ["from"] = OneOf(Complaints.ComplaintVocabulary.From),
            ["channel"] = OneOf(Complaints.ComplaintVocabulary.Channels),
            ["category"] = OneOf(Complaints.ComplaintVocabulary.Categories)
        })
        .For<Complaints.CloseComplaint>(new Dictionary<string, FieldFacts> { ["outcome"] = OneOf(Complaints.ComplaintVocabulary.Outcomes) })
        .For<Messaging.SetContactPreferences>(new Dictionary<string, FieldFacts> { ["language"] = OneOf(Messaging.MessageTexts.Languages) })
        .For<ExitProgramme>(new Dictionary<string, FieldFacts> { ["reason"] = OneOf(Vocabulary.ExitReasons) })
        .For<ErasePersonalData>(new Dictionary<string, FieldFacts> { ["basis"] = OneOf(Vocabulary.ErasureBases) })
        .For<Participants.ErasedItem>(new Dictionary<string, FieldFacts> { ["what"] = OneOf(Participants.AuditingErasures.ErasedItems.All) })
        .For<Participants.AuditingErasures.ErasureAuditEntry>(new Dictionary<string, FieldFacts> { ["basis"] = OneOf(Vocabulary.ErasureBases) })
        .For<DecideSelection>(new Dictionary<string, FieldFacts>
        {
            ["decision"] = OneOf(Vocabulary.Decisions),
            ["reason"] = OneOf(Vocabulary.NotSelectedReasons, "Required when not selected, only then.")
        })
        .For<CloseReferral>(new Dictionary<string, FieldFacts> { ["reason"] = OneOf(CloseReferralEndpoint.Reasons) })
        .For<ReviewProposal>(new Dictionary<string, FieldFacts>
        {
            ["decision"] = OneOf([ReviewProposalEndpoint.Accept, ReviewProposalEndpoint.Dismiss])
        });
}

using Wolverine.Marten;

namespace NeemPlatform.Participant.Participants.UpdatingProfile;

/// <summary>
/// What the indicators need to know about her: gender (unspecified allowed), born abroad / parent born abroad
/// (foreign background), education, languages, municipality, family involvement in the business idea and
/// language-training need, and the eligibility fact of a permanent residence permit. The whole profile is sent; an
/// unchanged profile stores nothing. Who changed it is recorded; why (<c>reason</c>, free text that may name her) goes to
/// her erasable notes, never into the event. A change of what the MIS counts by (gender, foreign background, education)
/// is published to Impact at once, so the shares follow it.
/// </summary>
public sealed record UpdateProfile(
    string Gender, string EducationLevel, IReadOnlyList<string> Languages, string Municipality,
    bool FamilyInvolvedInBusinessIdea, string LanguageTrainingNeed, bool? BornAbroad = null, bool? ParentBornAbroad = null,
    bool? PermanentResidencePermit = null, string? Reason = null);

public static class UpdateProfileEndpoint
{
    public static Validation Check(UpdateProfile command) => new Validation()
        .OneOf(command.Gender, Vocabulary.Genders, "gender")
        .OneOf(command.EducationLevel, Vocabulary.EducationLevels, "educationLevel")
        .OneOf(command.LanguageTrainingNeed, Vocabulary.LanguageTrainingNeeds, "languageTrainingNeed")
        .Text(command.Municipality, "municipality", 100, required: true)
        .Require(command.Languages.Count <= 20, "languages", "At most 20 languages.")
        .Require(command.Languages.All(l => !string.IsNullOrWhiteSpace(l) && l.Length <= 50 && PersonalFields.IsPlainText(l)),
            "languages", "Each language: 1–50 characters, no control characters.")
        .Text(command.Reason, "reason", 500, multiline: true);

    public static ProfileUpdated? Decide(Participant p, UpdateProfile c, DateTimeOffset now, string? changedBy = null)
    {
        var languages = c.Languages.Select(l => l.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var unchanged = p.Gender == c.Gender && p.BornAbroad == c.BornAbroad && p.ParentBornAbroad == c.ParentBornAbroad
                        && p.EducationLevel == c.EducationLevel && p.Municipality == c.Municipality.Trim()
                        && p.FamilyInvolvedInBusinessIdea == c.FamilyInvolvedInBusinessIdea
                        && p.LanguageTrainingNeed == c.LanguageTrainingNeed
                        && (c.PermanentResidencePermit is null || c.PermanentResidencePermit == p.PermanentResidencePermit)
                        && (p.Languages ?? []).SequenceEqual(languages);
        return unchanged
            ? null
            : new ProfileUpdated(p.Id, c.Gender, c.BornAbroad, c.ParentBornAbroad, c.EducationLevel, languages, c.Municipality.Trim(),
                c.FamilyInvolvedInBusinessIdea, c.LanguageTrainingNeed, now, c.PermanentResidencePermit, changedBy);
    }

    public static IResult Validate(UpdateProfile command) => Check(command).Answer();

    [WolverinePut("/api/participants/{participantId}/profile", Name = "UpdateProfile")]
    [EndpointSummary("Set her profile (the attributes the indicators are broken down by)")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    public static async Task<(IResult, Events, OutgoingMessages)> Put(UpdateProfile command,
        [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Participant participant, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var updated = Decide(participant, command, now, user.StaffId());
        // Why it changed may name her: it goes to her erasable notes, never into the event.
        if (updated is not null && !string.IsNullOrWhiteSpace(command.Reason)
            && await session.LoadAsync<PersonalDataRecord>(participant.Id, ct) is { } record)
        {
            record.Notes.Add(new PersonalNote("profile-change", command.Reason.Trim(), user.StaffId(), now));
            session.Store(record);
        }

        return Decisions.RecordOrAlreadyDone<IParticipantEvent>(updated).Outcome(participant, ParticipantAccess.After, e =>
            e is ProfileUpdated changed
                ? participant.ProfileChanged(Participant.Apply(changed, participant), Guid.CreateVersion7(now), SwedishTime.DateOf(now), now)
                : null);
    }
}

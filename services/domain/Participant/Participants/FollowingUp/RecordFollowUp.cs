using Wolverine.Marten;

namespace NeemPlatform.Participant.Participants.FollowingUp;

/// <summary>
/// Her status at a follow-up point (at exit, six months and twelve months after), and her answers to the questionnaire when
/// the advisor asked them on a call. <c>no-answer</c> says she could not be reached: no outcome, never a negative one.
/// </summary>
public sealed record RecordFollowUp(string Point, string Status, DateOnly FollowedUpOn, FollowUpAnswers? Answers = null);

public static class RecordFollowUpEndpoint
{
    public static Validation Check(RecordFollowUp command) => new Validation()
        .OneOf(command.Point, Vocabulary.FollowUpPoints, "point")
        .OneOf(command.Status, Vocabulary.FollowUpStatuses, "status")
        .Date(command.FollowedUpOn, "followedUpOn")
        .Check(command.Status, command.Answers);

    public static FollowedUp? Decide(Participant p, RecordFollowUp c, Guid eventId, DateTimeOffset now, out string? refusal,
        string answeredBy = FollowUpAnswerers.Advisor)
    {
        refusal = p.Status != ParticipantStatus.Exited ? "Follow-ups come after she left the programme."
            : c.FollowedUpOn < p.ExitedOn ? "The follow-up date lies before her exit."
            : null;
        if (refusal is not null)
        {
            return null;
        }

        if ((p.FollowUps ?? []).FirstOrDefault(f => f.Point == c.Point) is { } earlier)
        {
            refusal = earlier.Status == c.Status && earlier.FollowedUpOn == c.FollowedUpOn
                      && FollowUpQuestionnaire.Same(earlier.Answers, FollowUpQuestionnaire.Normalised(c.Answers))
                ? null
                : $"The {c.Point} follow-up is already recorded.";
            return null;
        }

        return new FollowedUp(p.Id, eventId, c.Point, c.Status, c.FollowedUpOn, now, FollowUpQuestionnaire.Normalised(c.Answers), answeredBy);
    }

    public static IResult Validate(RecordFollowUp command) => Check(command).Answer();

    [WolverinePost("/api/participants/{participantId}/follow-ups", Name = "RecordFollowUp")]
    [EndpointSummary("Record a follow-up: at exit, six or twelve months after")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static (IResult, Events, OutgoingMessages) Post(RecordFollowUp command,
        [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Participant participant, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var followedUp = Decide(participant, command, Guid.CreateVersion7(now), now, out var refusal);
        var decision = refusal is not null
            ? new ParticipantDecision.Refused("Follow-up refused", refusal)
            : Decisions.RecordOrAlreadyDone<IParticipantEvent>(followedUp);
        return decision.Outcome(participant, ParticipantAccess.After, e =>
            e is FollowedUp f ? Participant.Apply(f, participant).FollowedUp(f) : null);
    }
}

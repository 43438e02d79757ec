using Wolverine.Marten;

namespace NeemPlatform.Participant.Participants.Interviewing;

/// <summary>The selection interview: drive and will, each scored 1 (low) to 5 (high), with notes.</summary>
public sealed record InterviewParticipant(DateOnly InterviewedOn, int Drive, int Will, string? Notes = null);

public static class InterviewParticipantEndpoint
{
    public static Validation Check(InterviewParticipant command) => new Validation()
        .Date(command.InterviewedOn, "interviewedOn")
        .Require(command.Drive is >= 1 and <= 5, "drive", "A score from 1 to 5.")
        .Require(command.Will is >= 1 and <= 5, "will", "A score from 1 to 5.")
        .Text(command.Notes, "notes", PersonalFields.MaxNoteLength, multiline: true);

    public static ParticipantDecision Decide(Participant participant, InterviewParticipant command, string interviewer, DateTimeOffset now)
    {
        if (participant.Erased || participant.Status is not (ParticipantStatus.Received or ParticipantStatus.Invited or ParticipantStatus.Interviewed))
        {
            return new ParticipantDecision.Refused("Interview refused", $"Interviews come before the selection decision; she is {participant.Status}.");
        }

        if (command.InterviewedOn < participant.RegisteredOn)
        {
            return new ParticipantDecision.Refused("Interview refused", "The interview date lies before her registration.");
        }

        if (participant.Interview is { } earlier && earlier.InterviewedOn == command.InterviewedOn && earlier.Drive == command.Drive
            && earlier.Will == command.Will && string.IsNullOrWhiteSpace(command.Notes))
        {
            return new ParticipantDecision.AlreadyDone();
        }

        return new ParticipantDecision.Accepted([new Interviewed(participant.Id, command.InterviewedOn, command.Drive, command.Will,
            !string.IsNullOrWhiteSpace(command.Notes), interviewer, now)]);
    }

    public static IResult Validate(InterviewParticipant command) => Check(command).Answer();

    [WolverinePost("/api/participants/{participantId}/interview", Name = "InterviewParticipant")]
    [EndpointSummary("Record the selection interview (drive and will scored 1–5; notes stay in her personal data)")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<(IResult, Events)> Post(InterviewParticipant command,
        [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Participant participant, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var decision = Decide(participant, command, user.StaffId(), now);
        // Her notes may name her: they go to her erasable personal data, never into the event.
        if (decision is ParticipantDecision.Accepted && !string.IsNullOrWhiteSpace(command.Notes)
            && await session.LoadAsync<PersonalDataRecord>(participant.Id, ct) is { } record)
        {
            record.Notes.Add(new PersonalNote("interview", command.Notes.Trim(), user.StaffId(), now));
            session.Store(record);
        }

        return decision.Outcome(participant, ParticipantAccess.After);
    }
}

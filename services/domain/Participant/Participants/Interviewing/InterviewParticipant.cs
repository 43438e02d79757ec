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

    public static Decision Decide(Participant participant, InterviewParticipant command, string interviewer, DateTimeOffset now)
    {
        if (participant.Erased || participant.Status is not (ParticipantStatus.Received or ParticipantStatus.Invited or ParticipantStatus.Interviewed))
        {
            return new Decision.Refused($"Interviews come before the selection decision; she is {participant.Status}.");
        }

        if (command.InterviewedOn < participant.RegisteredOn)
        {
            return new Decision.Refused("The interview date lies before her registration.");
        }

        if (participant.Interview is { } earlier && earlier.InterviewedOn == command.InterviewedOn && earlier.Drive == command.Drive
            && earlier.Will == command.Will && string.IsNullOrWhiteSpace(command.Notes))
        {
            return new Decision.Unchanged();
        }

        return new Decision.Record(new Interviewed(participant.Id, command.InterviewedOn, command.Drive, command.Will,
            !string.IsNullOrWhiteSpace(command.Notes), interviewer, now));
    }

    [WolverinePost("/api/participants/{participantId}/interview", Name = "InterviewParticipant")]
    [EndpointSummary("Record the selection interview (drive and will scored 1–5; notes stay in her personal data)")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid participantId, InterviewParticipant command, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var validation = Check(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } participant } stream)
        {
            return Problems.NotFound("participant", participantId);
        }

        var now = time.GetUtcNow();
        switch (Decide(participant, command, user.StaffId(), now))
        {
            case Decision.Record(var interviewed):
                stream.AppendOne(interviewed);
                if (!string.IsNullOrWhiteSpace(command.Notes)
                    && await session.LoadAsync<PersonalDataRecord>(participantId, ct) is { } record)
                {
                    record.Notes.Add(new PersonalNote("interview", command.Notes.Trim(), user.StaffId(), now));
                    session.Store(record);
                }

                return TypedResults.Ok(Participant.Apply(interviewed, participant));
            case Decision.Refused(var reason):
                return Problems.Refused("Interview refused", reason);
            default:
                return TypedResults.Ok(participant);
        }
    }

    public abstract record Decision
    {
        public sealed record Record(Interviewed Event) : Decision;
        public sealed record Unchanged : Decision;
        public sealed record Refused(string Reason) : Decision;
    }
}

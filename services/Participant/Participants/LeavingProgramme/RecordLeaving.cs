using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeemPlatform.Contracts;
using NeemPlatform.Hosting;
using Wolverine;
using Wolverine.Http;

namespace NeemPlatform.Participant.Participants.LeavingProgramme;

/// <summary>
/// Record that a selected participant left the programme and her next step in life. Recording the same
/// leaving again is a no-op; a different one is refused.
/// </summary>
public sealed record RecordLeaving(string Outcome, DateOnly LeftOn);

public static class RecordLeavingEndpoint
{
    public static Validation Validate(RecordLeaving command) => new Validation()
        .OneOf(command.Outcome, ProgrammeOutcomes.All, "outcome")
        .Date(command.LeftOn, "leftOn");

    public abstract record Decision
    {
        public sealed record Leave(LeftProgramme Event) : Decision;
        public sealed record AlreadyLeft : Decision;
        public sealed record Refused(string Reason) : Decision;
    }

    public static Decision Decide(Participant participant, RecordLeaving command, Guid eventId, DateTimeOffset now) =>
        participant.Status switch
        {
            ParticipantStatus.Left when participant.Outcome == command.Outcome && participant.LeftOn == command.LeftOn
                => new Decision.AlreadyLeft(),
            ParticipantStatus.Left => new Decision.Refused($"Her leaving was already recorded for {participant.LeftOn:yyyy-MM-dd}."),
            ParticipantStatus.Registered => new Decision.Refused("Only a selected participant can leave the programme."),
            _ when command.LeftOn < participant.SelectedOn => new Decision.Refused("The leaving date lies before her selection."),
            _ => new Decision.Leave(new LeftProgramme(participant.Id, eventId, command.Outcome, command.LeftOn, now))
        };

    [WolverinePost("/api/participants/{participantId}/leaving", Name = "RecordLeaving")]
    [Microsoft.AspNetCore.Http.Tags("Participants")]
    [EndpointSummary("Record that the participant left, with her next step")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid participantId, RecordLeaving command, IDocumentSession session,
        IMessageBus bus, TimeProvider time, RegionOptions region, CancellationToken ct)
    {
        var validation = Validate(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var stream = await session.Events.FetchForWriting<Participant>(participantId, ct);
        if (stream.Aggregate is null)
        {
            return Problems.NotFound("participant", participantId);
        }

        var now = time.GetUtcNow();
        switch (Decide(stream.Aggregate, command, Guid.CreateVersion7(now), now))
        {
            case Decision.Leave(var left):
                stream.AppendOne(left);
                await bus.PublishAsync(new ParticipantLeftProgramme(left.EventId, participantId, region.Region,
                    left.Outcome, left.LeftOn, left.At));
                return TypedResults.Ok(Participant.Apply(left, stream.Aggregate));
            case Decision.AlreadyLeft:
                return TypedResults.Ok(stream.Aggregate);
            case Decision.Refused(var reason):
                return Problems.Refused("Leaving refused", reason);
            default:
                throw new InvalidOperationException("Unknown decision.");
        }
    }
}

using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeemPlatform.Contracts;
using NeemPlatform.Hosting;
using Wolverine;
using Wolverine.Http;

namespace NeemPlatform.Participant.Participants.Selecting;

/// <summary>
/// The advisor selects the participant for the programme. Selecting her again is a no-op (200 with the
/// stored state); the event and the <see cref="ParticipantSelected"/> message commit in one transaction.
/// </summary>
public sealed record SelectParticipant(DateOnly SelectedOn);

public static class SelectParticipantEndpoint
{
    public static Validation Validate(SelectParticipant command) => new Validation()
        .Date(command.SelectedOn, "selectedOn");

    public abstract record Decision
    {
        public sealed record Select(SelectedForProgramme Event) : Decision;
        public sealed record AlreadySelected : Decision;
        public sealed record Refused(string Reason) : Decision;
    }

    public static Decision Decide(Participant participant, SelectParticipant command, Guid eventId, DateTimeOffset now)
    {
        if (participant.Status == ParticipantStatus.Left)
        {
            return new Decision.Refused("She has already left the programme.");
        }

        if (participant.Status == ParticipantStatus.Selected)
        {
            return participant.SelectedOn == command.SelectedOn
                ? new Decision.AlreadySelected()
                : new Decision.Refused($"She was already selected on {participant.SelectedOn:yyyy-MM-dd}.");
        }

        if (command.SelectedOn < participant.RegisteredOn)
        {
            return new Decision.Refused("The selection date lies before her registration.");
        }

        return new Decision.Select(new SelectedForProgramme(participant.Id, eventId, command.SelectedOn, now));
    }

    [WolverinePost("/api/participants/{participantId}/selection", Name = "SelectParticipant")]
    [Microsoft.AspNetCore.Http.Tags("Participants")]
    [EndpointSummary("Select the participant for the programme")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid participantId, SelectParticipant command, IDocumentSession session,
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
            case Decision.Select(var selected):
                stream.AppendOne(selected);
                await bus.PublishAsync(new ParticipantSelected(selected.EventId, participantId, region.Region,
                    selected.SelectedOn, selected.At));
                return TypedResults.Ok(Participant.Apply(selected, stream.Aggregate));
            case Decision.AlreadySelected:
                return TypedResults.Ok(stream.Aggregate);
            case Decision.Refused(var reason):
                return Problems.Refused("Selection refused", reason);
            default:
                throw new InvalidOperationException("Unknown decision.");
        }
    }
}

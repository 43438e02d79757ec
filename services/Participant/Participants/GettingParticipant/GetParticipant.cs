using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeemPlatform.Hosting;
using Wolverine.Http;

namespace NeemPlatform.Participant.Participants.GettingParticipant;

public static class GetParticipantEndpoint
{
    [WolverineGet("/api/participants/{participantId}", Name = "GetParticipant")]
    [Microsoft.AspNetCore.Http.Tags("Participants")]
    [EndpointSummary("A participant's journey as the advisors see it")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid participantId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Participant>(participantId, ct) is { } participant
            ? TypedResults.Ok(participant)
            : Problems.NotFound("participant", participantId);
}

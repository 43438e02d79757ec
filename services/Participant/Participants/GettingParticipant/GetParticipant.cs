using Marten;
using NeemPlatform.Hosting;
using Wolverine.Http;

namespace NeemPlatform.Participant.Participants.GettingParticipant;

public static class GetParticipantEndpoint
{
    [WolverineGet("/api/participants/{participantId}", Name = "GetParticipant")]
    [Microsoft.AspNetCore.Http.Tags("Participants")]
    public static async Task<IResult> Get(Guid participantId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Participant>(participantId, ct) is { } participant
            ? TypedResults.Ok(participant)
            : Problems.NotFound("participant", participantId);
}

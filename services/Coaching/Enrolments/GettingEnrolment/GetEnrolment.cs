using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeemPlatform.Hosting;
using Wolverine.Http;

namespace NeemPlatform.Coaching.Enrolments.GettingEnrolment;

public static class GetEnrolmentEndpoint
{
    [WolverineGet("/api/enrolments/{participantId}", Name = "GetEnrolment")]
    [Microsoft.AspNetCore.Http.Tags("Enrolments")]
    [EndpointSummary("The participant's coaching enrolment")]
    [ProducesResponseType<Enrolment>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid participantId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Enrolment>(participantId, ct) is { } enrolment
            ? TypedResults.Ok(enrolment)
            : Problems.NotFound("enrolment", participantId);
}

using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeemPlatform.Hosting;
using Wolverine.Http;

namespace NeemPlatform.Lending.CreditFiles.GettingCreditFile;

public static class GetCreditFileEndpoint
{
    [WolverineGet("/api/credit-files/{participantId}", Name = "GetCreditFile")]
    [Microsoft.AspNetCore.Authorization.Authorize(Policy = NeemPolicies.Lending)]
    [Microsoft.AspNetCore.Http.Tags("Credit files")]
    [EndpointSummary("The participant's credit file and financing limit")]
    [ProducesResponseType<CreditFile>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid participantId, System.Security.Claims.ClaimsPrincipal user, IQuerySession session,
        CancellationToken ct) =>
        await session.LoadAsync<CreditFile>(participantId, ct) is { } file && file.Region == user.StaffRegion()
            ? TypedResults.Ok(file)
            : Problems.NotFound("credit file", participantId);
}

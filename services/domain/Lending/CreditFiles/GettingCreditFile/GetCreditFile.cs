namespace NeemPlatform.Lending.CreditFiles.GettingCreditFile;

public static class GetCreditFileEndpoint
{
    [WolverineGet("/api/credit-files/{participantId}", Name = "GetCreditFile")]
    [EndpointSummary("The participant's credit file and financing limit")]
    [ProducesResponseType<CreditFile>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid participantId, System.Security.Claims.ClaimsPrincipal user, IQuerySession session,
        CancellationToken ct) =>
        await session.LoadAsync<CreditFile>(participantId, ct) is { } file && file.Region == user.StaffRegion()
            ? TypedResults.Ok(file)
            : Problems.NotFound("credit file", participantId);
}

namespace NeemPlatform.Participant.Partners.Callbacks;

public static class GetCallbackEndpoint
{
    [WolverineGet("/api/callback", Name = "GetCallback")]
    [EndpointSummary("Your callback address (never the secret)")]
    [ProducesResponseType<CallbackView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<Partner>(user.PartnerId(), ct))?.CallbackFor(user.CredentialKind()) is { } registration
            ? TypedResults.Ok(CallbackSupport.View(registration))
            : CallbackSupport.NoCallback();
}

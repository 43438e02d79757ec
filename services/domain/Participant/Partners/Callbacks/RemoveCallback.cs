namespace NeemPlatform.Participant.Partners.Callbacks;

public static class RemoveCallbackEndpoint
{
    [WolverineDelete("/api/callback", Name = "RemoveCallback")]
    [EndpointSummary("Stop callbacks: deliveries not yet made are cancelled")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Remove(ClaimsPrincipal user, IDocumentSession session, CancellationToken ct)
    {
        await session.LockAsync($"partner:{user.PartnerId()}", ct);
        var partner = (await session.LoadAsync<Partner>(user.PartnerId(), ct))!;
        if (partner.CallbackFor(user.CredentialKind()) is not { } registration)
        {
            return CallbackSupport.NoCallback();
        }

        partner.Callbacks.Remove(registration);
        session.Store(partner);
        return TypedResults.NoContent();
    }
}

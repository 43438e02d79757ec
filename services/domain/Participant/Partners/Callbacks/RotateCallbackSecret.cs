namespace NeemPlatform.Participant.Partners.Callbacks;

public static class RotateCallbackSecretEndpoint
{
    [WolverinePost("/api/callback/secret", Name = "RotateCallbackSecret")]
    [EndpointSummary("Rotate the signing secret; the previous one keeps signing beside it for a grace period")]
    [EndpointDescription("During the grace period (24 hours unless the region set another) webhook-signature holds two signatures, " +
                         "the new secret's first, separated by a space: accept either while you switch.")]
    [ProducesResponseType<CallbackView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Rotate(ClaimsPrincipal user, IDocumentSession session, IdentityKey key, CallbackSettings settings,
        TimeProvider time, CancellationToken ct)
    {
        await session.LockAsync($"partner:{user.PartnerId()}", ct);
        var partner = (await session.LoadAsync<Partner>(user.PartnerId(), ct))!;
        if (partner.CallbackFor(user.CredentialKind()) is not { } registration)
        {
            return CallbackSupport.NoCallback();
        }

        registration.SecretGeneration++;
        registration.PreviousSecretValidUntil = time.GetUtcNow() + settings.PreviousSecretGrace;
        session.Store(partner);
        return TypedResults.Ok(CallbackSupport.View(registration, CallbackSupport.SecretOf(key, partner.Id, registration)));
    }
}

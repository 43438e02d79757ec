namespace NeemPlatform.Participant.Partners.Callbacks;

/// <param name="Url">Your receiver: an absolute https address, at most 2,000 characters, without user name or password.</param>
public sealed record RegisterCallback(string Url);

public static class RegisterCallbackEndpoint
{
    [WolverinePut("/api/callback", Name = "RegisterCallback")]
    [EndpointSummary("Register (or move) your callback address; the answer holds the signing secret")]
    [EndpointDescription(
        "Each change of one of your referrals' status is then POSTed to this address as a ReferralStatusCallback, signed as the " +
        "Standard Webhooks specification describes (headers webhook-id, webhook-timestamp, webhook-signature). Registering again " +
        "moves the address and keeps the secret. A sandbox credential registers the sandbox's address, a live credential the live one.")]
    [ProducesResponseType<CallbackView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Register(RegisterCallback command, ClaimsPrincipal user, IDocumentSession session, IdentityKey key,
        CallbackSettings settings, TimeProvider time, CancellationToken ct)
    {
        if (CallbackSupport.Refusal(command.Url, settings) is { } refusal)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["url"] = [refusal] });
        }

        await session.LockAsync($"partner:{user.PartnerId()}", ct);
        var partner = (await session.LoadAsync<Partner>(user.PartnerId(), ct))!;
        var kind = user.CredentialKind();
        var registration = partner.CallbackFor(kind);
        if (registration is null)
        {
            registration = new CallbackRegistration { Kind = kind };
            partner.Callbacks.Add(registration);
        }

        registration.Url = command.Url.Trim();
        registration.RegisteredAt = time.GetUtcNow();
        session.Store(partner);
        return TypedResults.Ok(CallbackSupport.View(registration, CallbackSupport.SecretOf(key, partner.Id, registration)));
    }
}

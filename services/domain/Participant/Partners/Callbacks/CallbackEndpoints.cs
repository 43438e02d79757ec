using Marten.Pagination;

namespace NeemPlatform.Participant.Partners.Callbacks;

/// <param name="Url">Your receiver: an absolute https address, at most 2,000 characters, without user name or password.</param>
public sealed record RegisterCallback(string Url);

/// <summary>Your callback address for the kind of credential you called with.</summary>
/// <param name="Secret">The signing secret (whsec_…): only in the answer to a registration or a rotation.</param>
/// <param name="PreviousSecretValidUntil">After a rotation, until when each callback is also signed with the previous secret.</param>
public sealed record CallbackView(string Url, string Kind, DateTimeOffset RegisteredAt, int SecretGeneration,
    DateTimeOffset? PreviousSecretValidUntil, string? Secret = null);

public sealed record CallbackDeliveryView(Guid Id, Guid ReferralId, string Kind, string Status, string PreviousStatus, DateTimeOffset ChangedAt,
    string State, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, IReadOnlyList<CallbackAttempt> Attempts);

/// <summary>A page of deliveries, newest first, with the total for the filter asked and the next page's address (none on the last).</summary>
public sealed record CallbackDeliveryPage(IReadOnlyList<CallbackDeliveryView> Deliveries, int Page, int PageSize, int Total, string? Next);

/// <summary>
/// Status callbacks: a partner registers an https address per credential kind and reads the log of what was
/// delivered to it; an administrator reads any of the region's partners' logs.
/// </summary>
public static class CallbackEndpoints
{
    public const int MaxUrlLength = 2000;
    private const string Tag = "Status callbacks (partner API)";

    public static CallbackDeliveryView View(CallbackDelivery d) => new(d.Id, d.ReferralId, d.Kind, d.Status, d.PreviousStatus, d.ChangedAt,
        d.State, d.State == CallbackStates.Pending ? d.NextAttemptAt : null, d.DeliveredAt, d.Attempts);

    private static CallbackView View(CallbackRegistration r, string? secret = null) =>
        new(r.Url, r.Kind, r.RegisteredAt, r.SecretGeneration, r.PreviousSecretValidUntil, secret);

    /// <summary>Why the address cannot be a callback address, or null.</summary>
    public static string? Refusal(string? url, CallbackSettings settings)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !TextRules.IsPlainText(url) || url.Trim().Any(char.IsWhiteSpace)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"An absolute https address of at most {MaxUrlLength} characters, with no spaces, control, direction or zero-width characters.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(settings.AllowHttp && uri.Scheme == Uri.UriSchemeHttp))
        {
            return "Must be an https address.";
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return "Must not hold a user name, a password or a fragment (#…).";
        }

        if (!settings.AllowPrivateNetworks && (uri.IsLoopback || uri.Host.EndsWith(".local", StringComparison.OrdinalIgnoreCase)
                                               || CallbackAddresses.IsOwnName(uri.IdnHost)
                                               || (IPAddress.TryParse(uri.IdnHost, out var ip) && !CallbackAddresses.IsPublic(ip))))
        {
            return "Must be reachable on the public internet (not this platform's host, nor a loopback, private, documentation or other special-purpose address).";
        }

        return null;
    }

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
        if (Refusal(command.Url, settings) is { } refusal)
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
        return TypedResults.Ok(View(registration, SecretOf(key, partner.Id, registration)));
    }

    private static string SecretOf(IdentityKey key, Guid partnerId, CallbackRegistration r) =>
        CallbackSigning.Shown(CallbackSigning.Secret(key, partnerId, r.Kind, r.SecretGeneration));

    [WolverineGet("/api/callback", Name = "GetCallback")]
    [EndpointSummary("Your callback address (never the secret)")]
    [ProducesResponseType<CallbackView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<Partner>(user.PartnerId(), ct))?.CallbackFor(user.CredentialKind()) is { } registration
            ? TypedResults.Ok(View(registration))
            : NoCallback();

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoCallback() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "No callback address",
        Type = Problems.TypeBase + "not-found",
        Detail = "No callback address is registered for this credential kind. Register one with PUT /api/callback."
    });

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
            return NoCallback();
        }

        partner.Callbacks.Remove(registration);
        session.Store(partner);
        return TypedResults.NoContent();
    }

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
            return NoCallback();
        }

        registration.SecretGeneration++;
        registration.PreviousSecretValidUntil = time.GetUtcNow() + settings.PreviousSecretGrace;
        session.Store(partner);
        return TypedResults.Ok(View(registration, SecretOf(key, partner.Id, registration)));
    }

    [WolverineGet("/api/callback/deliveries", Name = "ListCallbackDeliveries")]
    [EndpointSummary("The log of your callbacks, newest first: each delivery's state and every attempt (page from 1, pageSize up to 200)")]
    [ProducesResponseType<CallbackDeliveryPage>(StatusCodes.Status200OK)]
    public static Task<IResult> Deliveries(ClaimsPrincipal user, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50,
        string? state = null) =>
        PageAsync(session, user.PartnerId(), user.CredentialKind(), page, pageSize, state, "/api/callback/deliveries", ct);

    [WolverinePost("/api/callback/deliveries/{deliveryId}/retry", Name = "RetryCallbackDelivery")]
    [EndpointSummary("Deliver a failed callback again (after your receiver was down longer than the retry schedule)")]
    [ProducesResponseType<CallbackDeliveryView>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Retry(Guid deliveryId, ClaimsPrincipal user, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        await session.LockAsync($"callback-delivery:{deliveryId}", ct);
        var delivery = await session.LoadAsync<CallbackDelivery>(deliveryId, ct);
        if (delivery is null || delivery.PartnerId != user.PartnerId() || delivery.Kind != user.CredentialKind())
        {
            return Problems.NotFound("callback delivery", deliveryId);
        }

        if (delivery.State != CallbackStates.Failed)
        {
            return Problems.Refused("Not a failed delivery", $"This delivery is {delivery.State}: only a failed delivery can be retried.");
        }

        delivery.State = CallbackStates.Pending;
        delivery.NextAttemptAt = time.GetUtcNow();
        delivery.ScheduleStartsAfter = delivery.Attempts.Count;
        session.Store(delivery);
        return TypedResults.Accepted($"/api/callback/deliveries?state=pending", View(delivery));
    }

    [WolverineGet("/api/partners/{partnerId}/callback-deliveries", Name = "ListPartnerCallbackDeliveries")]
    [Authorize(Policy = NeemPolicies.Administration)]
    [Tags("Partners (administration)")]
    [EndpointSummary("A partner's callback log (kind live or sandbox), newest first, for support")]
    [ProducesResponseType<CallbackDeliveryPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> PartnerDeliveries(Guid partnerId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct,
        string kind = CredentialKinds.Live, int page = 1, int pageSize = 50, string? state = null)
    {
        if (!CredentialKinds.All.Contains(kind))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["kind"] = [$"One of: {string.Join(", ", CredentialKinds.All)}."] });
        }

        if (await PartnerEndpoints.OwnAsync(session, partnerId, user, ct) is null)
        {
            return Problems.NotFound("partner", partnerId);
        }

        return await PageAsync(session, partnerId, kind, page, pageSize, state, $"/api/partners/{partnerId}/callback-deliveries", ct,
            $"&kind={kind}");
    }

    private static async Task<IResult> PageAsync(IQuerySession session, Guid partnerId, string kind, int page, int pageSize, string? state,
        string path, CancellationToken ct, string extra = "")
    {
        var validation = new Validation()
            .Require(page is >= 1 and <= 100_000, "page", "From 1.")
            .Require(pageSize is >= 1 and <= 200, "pageSize", "Between 1 and 200.")
            .Require(state is null || CallbackStates.All.Contains(state), "state", $"One of: {string.Join(", ", CallbackStates.All)}.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var query = session.Query<CallbackDelivery>().Where(d => d.PartnerId == partnerId && d.Kind == kind);
        if (state is not null)
        {
            query = query.Where(d => d.State == state);
        }

        var deliveries = await query.OrderByDescending(d => d.Id).ToPagedListAsync(page, pageSize, ct);
        var total = (int)deliveries.TotalItemCount;
        var next = page * pageSize < total
            ? $"{path}?page={page + 1}&pageSize={pageSize}{extra}" + (state is null ? "" : $"&state={state}")
            : null;
        return TypedResults.Ok(new CallbackDeliveryPage(deliveries.Select(View).ToList(), page, pageSize, total, next));
    }
}

using Marten.Pagination;

namespace NeemPlatform.Participant.Partners.Callbacks;

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
/// <summary>What the callback endpoints share: the views, the address rule, the signing secret, the paged delivery log.</summary>
public static class CallbackSupport
{
    public const int MaxUrlLength = 2000;
    internal const string Tag = "Status callbacks (partner API)";

    public static CallbackDeliveryView View(CallbackDelivery d) => new(d.Id, d.ReferralId, d.Kind, d.Status, d.PreviousStatus, d.ChangedAt,
        d.State, d.State == CallbackStates.Pending ? d.NextAttemptAt : null, d.DeliveredAt, d.Attempts);

    internal static CallbackView View(CallbackRegistration r, string? secret = null) =>
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

    internal static string SecretOf(IdentityKey key, Guid partnerId, CallbackRegistration r) =>
        CallbackSigning.Shown(CallbackSigning.Secret(key, partnerId, r.Kind, r.SecretGeneration));

    internal static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoCallback() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "No callback address",
        Type = Problems.TypeBase + "not-found",
        Detail = "No callback address is registered for this credential kind. Register one with PUT /api/callback."
    });

    internal static async Task<IResult> PageAsync(IQuerySession session, Guid partnerId, string kind, int page, int pageSize, string? state,
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

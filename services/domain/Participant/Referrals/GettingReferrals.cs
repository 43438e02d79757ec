namespace NeemPlatform.Participant.Referrals;

/// <summary>A page of your referrals: how many there are in all (for the filter asked), and the address of the next page (none on the last).</summary>
public sealed record ReferralPage(IReadOnlyList<ReferralStatusView> Referrals, int Page, int PageSize, int Total, string? Next);

/// <summary>A partner reads the status of its own referrals, and nothing more. Another partner's is a 404.</summary>
public static class GettingReferralsEndpoint
{
    [WolverineGet("/api/referrals/{referralId}", Name = "GetReferralStatus")]
    [EndpointSummary("The status of one of your referrals: received, invited, in-process or closed (the referral's course, never the person's programme status)")]
    [ProducesResponseType<ReferralStatusView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid referralId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var referral = await session.LoadAsync<Referral>(referralId, ct);
        if (referral is null || referral.PartnerId != user.PartnerId() || referral.IsSandbox != user.InSandbox())
        {
            return Problems.NotFound("referral", referralId);
        }

        var participant = await session.LoadAsync<Participant.Participants.Participant>(referral.ParticipantId, ct);
        return TypedResults.Ok(ReferralStatus.View(participant, referral));
    }

    [WolverineGet("/api/referrals/by-idempotency-key", Name = "GetReferralByIdempotencyKey")]
    [EndpointSummary("The referral you first sent with an Idempotency-Key (in that header), or 404 when you have not used the key")]
    [EndpointDescription(
        "Tells a retry where its first attempt went: a gateway or an outbox that does not know whether a referral was received " +
        "asks with the same Idempotency-Key header (and the same kind of credential, live or sandbox) before sending it anywhere " +
        "else. The answer is the referral's status, as GET /api/referrals/{referralId} gives it.")]
    [ProducesResponseType<ReferralStatusView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> GetByIdempotencyKey(
        [FromHeader(Name = Receiving.ReceiveReferralEndpoint.IdempotencyHeader)] string? idempotencyKey, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct)
    {
        if (!Receiving.ReceiveReferralEndpoint.IsValidKey(idempotencyKey))
        {
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                [Receiving.ReceiveReferralEndpoint.IdempotencyHeader] =
                    [$"Required header: 1–{Receiving.ReceiveReferralEndpoint.MaxKeyLength} printable ASCII characters."]
            });
        }

        var record = await session.LoadAsync<IdempotencyRecord>(IdempotencyRecord.IdFor(user.PartnerId(), user.InSandbox(), idempotencyKey!), ct);
        if (record is null || record.PartnerId != user.PartnerId())
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Not found",
                Type = Problems.TypeBase + "not-found",
                Detail = "You have not sent a referral with this Idempotency-Key (with this kind of credential)."
            });
        }

        return await Get(record.Receipt.ReferralId, user, session, ct);
    }

    [WolverineGet("/api/referrals", Name = "ListReferrals")]
    [EndpointSummary("Your referrals, newest first, with their status (page from 1, pageSize up to 200; changedSince for those whose status changed since an instant)")]
    [EndpointDescription("The answer says how many there are in all (total) and where the next page is (next, absent on the last page). " +
                         "With changedSince (an instant with its offset) only the referrals received or whose status changed at or after it " +
                         "are listed, so a partner can poll for what is new.")]
    [ProducesResponseType<ReferralPage>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> List(ClaimsPrincipal user, IQuerySession session, CancellationToken ct, int page = 1,
        int pageSize = 50, DateTimeOffset? changedSince = null)
    {
        var validation = new Validation()
            .Require(page is >= 1 and <= 100_000, "page", "From 1.")
            .Require(pageSize is >= 1 and <= 200, "pageSize", "Between 1 and 200.")
            .Require(changedSince is null || changedSince.Value.Year is >= 2000 and <= 2100, "changedSince", "An instant between 2000 and 2100, with its offset.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var partnerId = user.PartnerId();
        // A sandbox credential lists the sandbox's referrals, a live one the live referrals.
        var query = (user.InSandbox()
                ? session.Query<Referral>().Where(r => r.PartnerId == partnerId && r.ParticipantId == Guid.Empty)
                : session.Query<Referral>().Where(r => r.PartnerId == partnerId && r.ParticipantId != Guid.Empty))
            .OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id);
        List<ReferralStatusView> views;
        int total;
        if (changedSince is { } since)
        {
            // A status lives on her record, so the filter reads the partner's referrals with their participants.
            var all = await query.ToListAsync(ct);
            var filtered = (await ViewsAsync(session, all, ct)).Where(v => v.ChangedAt >= since).ToList();
            total = filtered.Count;
            views = filtered.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        }
        else
        {
            total = await query.CountAsync(ct);
            views = await ViewsAsync(session, await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct), ct);
        }

        var next = page * pageSize < total
            ? $"/api/referrals?page={page + 1}&pageSize={pageSize}" +
              (changedSince is { } c ? "&changedSince=" + Uri.EscapeDataString(c.ToString("O", System.Globalization.CultureInfo.InvariantCulture)) : "")
            : null;
        return TypedResults.Ok(new ReferralPage(views, page, pageSize, total, next));
    }

    private static async Task<List<ReferralStatusView>> ViewsAsync(IQuerySession session, IReadOnlyList<Referral> referrals, CancellationToken ct)
    {
        var participants = await session.LoadManyAsync<Participant.Participants.Participant>(ct,
            referrals.Where(r => !r.IsSandbox).Select(r => r.ParticipantId).Distinct().ToArray());
        var byId = participants.ToDictionary(p => p.Id);
        return referrals.Select(r => ReferralStatus.View(byId.GetValueOrDefault(r.ParticipantId), r)).ToList();
    }
}

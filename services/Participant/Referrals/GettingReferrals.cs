using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeemPlatform.Hosting;
using NeemPlatform.Participant.Participants;
using NeemPlatform.Participant.Partners;
using Wolverine.Http;

namespace NeemPlatform.Participant.Referrals;

public sealed record ReferralPage(IReadOnlyList<ReferralStatusView> Referrals, int Page, int PageSize);

/// <summary>A partner reads the status of its own referrals, and nothing more. Another partner's is a 404.</summary>
public static class GettingReferralsEndpoint
{
    [WolverineGet("/api/referrals/{referralId}", Name = "GetReferralStatus")]
    [Authorize(Policy = PartnerAuthentication.Policy)]
    [Tags("Referrals (partner API)")]
    [EndpointSummary("The status of one of your referrals: received, invited, in-process or closed (the referral's course, never the person's programme status)")]
    [ProducesResponseType<ReferralStatusView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid referralId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var referral = await session.LoadAsync<Referral>(referralId, ct);
        if (referral is null || referral.PartnerId != user.PartnerId())
        {
            return Problems.NotFound("referral", referralId);
        }

        var participant = await session.LoadAsync<Participant.Participants.Participant>(referral.ParticipantId, ct);
        return TypedResults.Ok(new ReferralStatusView(referral.Id, ReferralStatus.Of(participant, referral.Id), referral.ReceivedAt));
    }

    [WolverineGet("/api/referrals", Name = "ListReferrals")]
    [Authorize(Policy = PartnerAuthentication.Policy)]
    [Tags("Referrals (partner API)")]
    [EndpointSummary("Your referrals, newest first, with their status (page from 1, pageSize up to 200)")]
    [ProducesResponseType<ReferralPage>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> List(ClaimsPrincipal user, IQuerySession session, CancellationToken ct, int page = 1,
        int pageSize = 50)
    {
        var validation = new Validation()
            .Require(page is >= 1 and <= 100_000, "page", "From 1.")
            .Require(pageSize is >= 1 and <= 200, "pageSize", "Between 1 and 200.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var partnerId = user.PartnerId();
        var referrals = await session.Query<Referral>().Where(r => r.PartnerId == partnerId)
            .OrderByDescending(r => r.ReceivedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var participants = await session.LoadManyAsync<Participant.Participants.Participant>(ct,
            referrals.Select(r => r.ParticipantId).Distinct().ToArray());
        var byId = participants.ToDictionary(p => p.Id);
        return TypedResults.Ok(new ReferralPage(referrals.Select(r => new ReferralStatusView(r.Id,
            ReferralStatus.Of(byId.GetValueOrDefault(r.ParticipantId), r.Id), r.ReceivedAt)).ToList(), page, pageSize));
    }
}

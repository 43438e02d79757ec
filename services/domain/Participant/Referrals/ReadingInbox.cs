namespace NeemPlatform.Participant.Referrals;

public sealed record InboxEntry(Guid ReferralId, Guid ParticipantId, string Name, Guid PartnerId, string PartnerName, DateTimeOffset ReceivedAt,
    string Status, bool KnownBefore, bool HasProposal);

public sealed record InboxPage(IReadOnlyList<InboxEntry> Referrals, int Page, int PageSize, int Total);

/// <summary>The advisors' inbox of partner referrals: newest first, with the partner, the person and where each referral stands.</summary>
public static class ReadingInboxEndpoint
{
    /// <summary>How far back the inbox looks (a region receives a few hundred referrals a year).</summary>
    public const int Window = 2_000;

    [WolverineGet("/api/referral-inbox", Name = "GetReferralInbox")]
    [Authorize(Policy = NeemPolicies.ParticipantWork)]
    [Tags("Referrals")]
    [EndpointSummary("Partner referrals, newest first, with partner, person and status (status: received, invited, in-process, closed)")]
    [ProducesResponseType<InboxPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IQuerySession session, CancellationToken ct, string? status = null, int page = 1, int pageSize = 25)
    {
        var validation = new Validation()
            .Require(status is null || ReferralProgress.All.Contains(status), "status", $"One of: {string.Join(", ", ReferralProgress.All)}.")
            .Require(page is >= 1 and <= 10_000, "page", "From 1.")
            .Require(pageSize is >= 1 and <= 200, "pageSize", "Between 1 and 200.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        // A partner's sandbox referrals have no participant and are nobody's work.
        var referrals = await session.Query<Referral>().Where(r => r.ParticipantId != Guid.Empty)
            .OrderByDescending(r => r.ReceivedAt).Take(Window).ToListAsync(ct);
        var participantIds = referrals.Select(r => r.ParticipantId).Distinct().ToArray();
        var participants = (await session.LoadManyAsync<Participants.Participant>(ct, participantIds)).ToDictionary(p => p.Id);
        var records = (await session.LoadManyAsync<PersonalDataRecord>(ct, participantIds)).ToDictionary(r => r.Id);
        var partners = (await session.LoadManyAsync<Partner>(ct, referrals.Select(r => r.PartnerId).Distinct().ToArray())).ToDictionary(p => p.Id);
        var entries = referrals.Select(r =>
            {
                var participant = participants.GetValueOrDefault(r.ParticipantId);
                var record = records.GetValueOrDefault(r.ParticipantId);
                var first = participant?.ReferralsReceived is { Count: > 0 } received ? received[0].ReferralId : (Guid?)null;
                return new InboxEntry(r.Id, r.ParticipantId, record?.FullName ?? "", r.PartnerId, partners.GetValueOrDefault(r.PartnerId)?.Name ?? "",
                    r.ReceivedAt, ReferralStatus.Of(participant, r.Id), first is not null && first != r.Id,
                    record?.Proposals.Any(p => p.ReferralId == r.Id) == true);
            })
            .Where(e => status is null || e.Status == status)
            .ToList();
        return TypedResults.Ok(new InboxPage(entries.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, entries.Count));
    }
}

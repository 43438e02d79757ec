namespace NeemPlatform.Participant.Referrals;

/// <summary>
/// Whom the partners' referrals reached in a period: per partner and per municipality (where she lives), the referrals, the people
/// behind them, how many were selected and how many joined a network group. Exact counts, for region managers and administrators.
/// </summary>
public sealed record ReachRow(string Key, string Name, int Referrals, int People, int Selected, int InNetworkGroup);

public sealed record ReachReport(DateOnly From, DateOnly To, IReadOnlyList<ReachRow> ByPartner, IReadOnlyList<ReachRow> ByMunicipality);

public static class ReachEndpoint
{
    [WolverineGet("/api/referral-reach", Name = "GetReferralReach")]
    [Authorize(Policy = NeemPolicies.ProgrammeManagement)]
    [Tags("Referrals")]
    [EndpointSummary("Whom the referrals received from 'from' to 'to' reached: per partner and per municipality, how many were selected and joined a group")]
    [ProducesResponseType<ReachReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(DateOnly from, DateOnly to, IQuerySession session, CancellationToken ct)
    {
        var validation = new Validation().Date(from, "from").Date(to, "to").Require(from <= to, "to", "Not before 'from'.")
            .Require(to.DayNumber - from.DayNumber <= 3_660, "to", "At most ten years after 'from'.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var start = SwedishTime.StartOf(from);
        var end = SwedishTime.StartOf(to.AddDays(1));
        // A partner's sandbox referrals have no participant and reached nobody.
        var referrals = await session.Query<Referral>()
            .Where(r => r.ParticipantId != Guid.Empty && r.ReceivedAt >= start && r.ReceivedAt < end).ToListAsync(ct);
        var participants = (await session.LoadManyAsync<Participants.Participant>(ct, referrals.Select(r => r.ParticipantId).Distinct().ToArray()))
            .ToDictionary(p => p.Id);
        var partners = (await session.LoadManyAsync<Partner>(ct, referrals.Select(r => r.PartnerId).Distinct().ToArray())).ToDictionary(p => p.Id);

        ReachRow Row(string key, string name, IReadOnlyCollection<Referral> those)
        {
            var people = those.Select(r => r.ParticipantId).Distinct().Select(participants.GetValueOrDefault).OfType<Participants.Participant>().ToList();
            return new ReachRow(key, name, those.Count, people.Count, people.Count(p => p.Selected), people.Count(p => p.JoinedGroupOn is not null));
        }

        var byPartner = referrals.GroupBy(r => r.PartnerId)
            .Select(g => Row(g.Key.ToString(), partners.GetValueOrDefault(g.Key)?.Name ?? g.Key.ToString(), g.ToList()))
            .OrderByDescending(r => r.Referrals).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var byMunicipality = referrals.GroupBy(r => participants.GetValueOrDefault(r.ParticipantId)?.Municipality ?? "")
            .Select(g => Row(g.Key, g.Key, g.ToList()))
            .OrderByDescending(r => r.Referrals).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new ReachReport(from, to, byPartner, byMunicipality));
    }
}

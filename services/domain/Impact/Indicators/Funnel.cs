namespace NeemPlatform.Impact.Indicators;

/// <summary>
/// How far the people first referred in a period got by a date: referred, selected, into a network group, through the coaching,
/// to a next step, to a company of their own; for all of them and by how they came (a partner's referral, on their own, …).
/// Exact counts, for region managers and administrators only: two periods a day apart would otherwise give away how far the
/// one person referred between them got, whatever the cells' suppression.
/// </summary>
public sealed record FunnelRow(string Source, int Referred, int Selected, int InNetworkGroup, int CompletedCoaching, int NextStep, int StartedCompany);

public sealed record FunnelReport(DateOnly From, DateOnly To, DateOnly AsOf, IReadOnlyList<FunnelRow> Rows);

public static class Funnel
{
    public const string All = "all";

    public static IReadOnlyList<FunnelRow> Rows(IEnumerable<MisParticipant> states, DateOnly from, DateOnly to)
    {
        var referred = states.Where(s => s.FirstReferredOn is { } on && on >= from && on <= to).ToList();
        FunnelRow Row(string source, IReadOnlyCollection<MisParticipant> people) => new(source,
            people.Count,
            people.Count(p => p.SelectedOn is not null),
            people.Count(p => p.JoinedGroupOn is not null),
            people.Count(p => p.CoachingCompletedOn is not null),
            people.Count(p => p.NextSteps?.Any(IndicatorRules.NextSteps.Contains) == true || IndicatorRules.NextSteps.Contains(p.Outcome ?? "")),
            people.Count(p => p.NextSteps?.Contains("started-company") == true));
        return [Row(All, referred), .. referred.GroupBy(p => p.Attributes?.Source ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.ToList()))];
    }

    [WolverineGet("/api/indicators/funnel", Name = "GetReferralFunnel")]
    [Authorize(Policy = NeemPolicies.ProgrammeManagement)]
    [EndpointSummary("From referral to a company of her own: how far the people first referred from 'from' to 'to' got by 'asOf' (default today)")]
    [EndpointDescription("Per way of coming to the programme and for all; exact counts, for region managers and administrators.")]
    [ProducesResponseType<FunnelReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(DateOnly from, DateOnly to, IQuerySession session, MisHistoryLog history, TimeProvider time,
        CancellationToken ct, DateOnly? asOf = null)
    {
        var day = asOf ?? SwedishTime.DateOf(time.GetUtcNow());
        var validation = new Validation().Date(from, "from").Date(to, "to").Require(from <= to, "to", "Not before 'from'.")
            .Require(asOf is null || asOf.Value.Year is >= 2000 and <= 2100, "asOf", "A date between 2000-01-01 and 2100-12-31.")
            .Require(asOf is null || asOf >= to, "asOf", "Not before 'to': the people referred by then are followed up to it.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var states = (await history.StatesAsync(session, day, ct)).Values;
        return TypedResults.Ok(new FunnelReport(from, to, day, Rows(states, from, to)));
    }
}

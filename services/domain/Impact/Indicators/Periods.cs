namespace NeemPlatform.Impact.Indicators;

/// <summary>One scope (a region, or the total) against a milestone: participants in network groups and social enterprises, each with its target.</summary>
public sealed record PeriodScope(string Scope, int Participants, int ParticipantsTarget, bool ParticipantsMet, int SocialEnterprises,
    int SocialEnterprisesTarget, bool SocialEnterprisesMet);

/// <summary>A milestone as counted on <see cref="CountedOn"/> (its end, or today while it runs); <see cref="Over"/> once its end has passed.</summary>
public sealed record PeriodProgress(string Name, DateOnly Until, DateOnly CountedOn, bool Over, IReadOnlyList<PeriodScope> Scopes);

public static class PeriodEndpoints
{
    [WolverineGet("/api/indicators/periods", Name = "GetTargetPeriods")]
    [EndpointSummary("The programme's milestones (Neem:Targets:Periods): participants in groups and social enterprises by each one's end, per region and in total")]
    [ProducesResponseType<IReadOnlyList<PeriodProgress>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IQuerySession session, MisHistoryLog history, Targets targets, TimeProvider time, CancellationToken ct)
    {
        var today = SwedishTime.DateOf(time.GetUtcNow());
        var periods = targets.Periods ?? [];
        var days = periods.Select(p => p.Until < today ? p.Until : today).ToList();
        var states = days.Count == 0 ? [] : await history.StatesAsync(session, days, ct);
        return TypedResults.Ok(periods.Select((period, k) =>
        {
            PeriodScope Scope(string scope, IReadOnlyCollection<MisParticipant> people, bool total)
            {
                var participantsTarget = total && targets.National ? period.ParticipantsInTotal : period.ParticipantsPerRegion;
                var enterprisesTarget = total && targets.National ? period.SocialEnterprisesInTotal : period.SocialEnterprisesPerRegion;
                var participants = people.Count(p => p.JoinedGroupOn is not null);
                var enterprises = IndicatorRules.SocialEnterprises(people);
                return new PeriodScope(scope, participants, participantsTarget, participants >= participantsTarget, enterprises, enterprisesTarget,
                    enterprises >= enterprisesTarget);
            }

            var all = states[k].Values;
            return new PeriodProgress(period.Name, period.Until, days[k], period.Until < today,
            [
                .. all.GroupBy(p => p.Region).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Scope(g.Key, g.ToList(), total: false)),
                Scope("total", all, total: true)
            ]);
        }).ToList());
    }
}

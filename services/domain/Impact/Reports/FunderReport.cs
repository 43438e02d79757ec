namespace NeemPlatform.Impact.Reports;

/// <summary>
/// The funders' participant report for a period, in the shape ESF projects report: participants who entered
/// (joined a network group) and left, their status at leaving, six and twelve months later, by gender, foreign
/// background, age band and education. One CSV row per measure and group.
/// </summary>
public static class FunderReport
{
    public sealed record Row(string Measure, string Region, string Gender, string ForeignBackground, string AgeBand, string Education, string Participants);

    /// <summary>The rows, exact (<paramref name="exact"/>) or with small cells suppressed per measure (see <see cref="Suppression"/>).</summary>
    public static IReadOnlyList<Row> Rows(IEnumerable<MisParticipant> states, DateOnly from, DateOnly to, bool exact)
    {
        var rows = new List<(string Measure, MisParticipant P)>();
        foreach (var p in states)
        {
            if (p.JoinedGroupOn is { } joined && joined >= from && joined <= to)
            {
                rows.Add(("entered", p));
            }

            if (p.LeftOn is { } left && left >= from && left <= to)
            {
                rows.Add(("left", p));
                rows.Add(($"status-at-leaving:{p.Outcome ?? "unknown"}", p));
                var sixMonths = p.FollowUps?.FirstOrDefault(f => f.StartsWith("six-months:", StringComparison.Ordinal))?["six-months:".Length..];
                rows.Add(($"status-six-months-after:{sixMonths ?? "not-yet-followed-up"}", p));
                var twelveMonths = p.FollowUps?.FirstOrDefault(f => f.StartsWith("twelve-months:", StringComparison.Ordinal))?["twelve-months:".Length..];
                rows.Add(($"status-twelve-months-after:{twelveMonths ?? "not-yet-followed-up"}", p));
            }
        }

        return rows.GroupBy(r => (r.Measure, r.P.Region, Gender: r.P.Attributes?.Gender ?? "unknown",
                Foreign: r.P.Attributes?.ForeignBackground switch { true => "yes", false => "no", _ => "unknown" },
                Age: r.P.Attributes?.AgeBand ?? "unknown", Education: r.P.Attributes?.EducationLevel ?? "unknown"))
            .Select(g => (g.Key, Count: g.Count()))
            .OrderBy(r => r.Key.Measure, StringComparer.Ordinal).ThenBy(r => r.Key.Region, StringComparer.Ordinal).ThenBy(r => r.Key.Gender, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Foreign, StringComparer.Ordinal).ThenBy(r => r.Key.Age, StringComparer.Ordinal).ThenBy(r => r.Key.Education, StringComparer.Ordinal)
            .GroupBy(r => r.Key.Measure)
            .SelectMany(measure =>
            {
                var cells = measure.ToList();
                var shown = exact
                    ? cells.Select(c => c.Count.ToString(CultureInfo.InvariantCulture)).ToList()
                    : Suppression.Apply(cells.Select(c => ((IReadOnlyList<string>)[c.Key.Region, c.Key.Gender, c.Key.Foreign, c.Key.Age, c.Key.Education], c.Count)).ToList());
                return cells.Select((c, i) => new Row(c.Key.Measure, c.Key.Region, c.Key.Gender, c.Key.Foreign, c.Key.Age, c.Key.Education, shown[i]));
            })
            .ToList();
    }

    public static string Csv(IEnumerable<Row> rows, DateOnly from, DateOnly to)
    {
        var csv = new StringBuilder("period_from,period_to,measure,region,gender,foreign_background,age_band,education,participants\n");
        foreach (var r in rows)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{from:yyyy-MM-dd},{to:yyyy-MM-dd},{r.Measure},{r.Region},{r.Gender},{r.ForeignBackground},{r.AgeBand},{r.Education},{r.Participants}\n");
        }

        return csv.ToString();
    }

    [WolverineGet("/api/reports/participants.csv", Name = "FunderParticipantReport")]
    [Authorize(Policy = NeemPolicies.Indicators)]
    [EndpointSummary("Participants who entered and left in a period, status at leaving, six and twelve months later, by gender, foreign background, age band and education (CSV; exact for region managers and administrators, small cells suppressed for everyone else)")]
    [Produces("text/csv")]
    public static async Task<IResult> Get(DateOnly from, DateOnly to, ClaimsPrincipal user, IQuerySession session, History.MisHistoryLog history,
        CancellationToken ct)
    {
        var validation = new Validation().Date(from, "from").Date(to, "to").Require(from <= to, "to", "Not before 'from'.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        // Follow-ups six months after a leaving late in the period come after it: count the history up to today.
        var states = (await history.StatesAsync(session, DateOnly.MaxValue.AddDays(-1), ct)).Values;
        var exact = user.HasAnyRole(NeemRoles.RegionManager, NeemRoles.Administrator);
        return TypedResults.Text(Csv(Rows(states, from, to, exact), from, to), "text/csv; charset=utf-8");
    }
}

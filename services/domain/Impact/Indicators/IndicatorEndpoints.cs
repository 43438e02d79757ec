namespace NeemPlatform.Impact.Indicators;

/// <summary>
/// The indicators per region (each held to the regional targets) and in total: held to the national targets in the
/// national view, to the region's in a regional instance (<see cref="TotalTargets"/>).
/// </summary>
public sealed record IndicatorReport(DateOnly AsOf, DateTimeOffset? RecordedBy, IReadOnlyList<IndicatorSet> Regions, IndicatorSet Total,
    string TotalTargets = "regional", IReadOnlyList<National.SourceStatus>? Sources = null);

/// <summary>A time series shaped for a chart: one label per month end, one series per indicator and scope.</summary>
public sealed record IndicatorSeries(IReadOnlyList<string> Labels, IReadOnlyList<SeriesLine> Series);

/// <summary>One indicator of one scope, month by month: a point per label, in the same order, read as its <see cref="Unit"/> says.</summary>
public sealed record SeriesLine(string Key, string Name, string Scope, string Unit, IReadOnlyList<SeriesPoint> Points);

/// <summary>An indicator's value at a month's end; none when it has nothing to count over (a share of nobody).</summary>
public sealed record SeriesPoint(string Month, decimal? Value);

public static class MisHistory
{
    public static IndicatorReport Report(IReadOnlyCollection<MisParticipant> states, Targets targets, DateOnly asOf, DateTimeOffset? recordedBy)
    {
        var regions = states.GroupBy(s => s.Region).OrderBy(g => g.Key)
            .Select(g => IndicatorRules.Compute(g.Key, g.ToList(), targets, asOf, national: false)).ToList();
        // A regional instance's total is its one region, held to the same targets: the same set under the name "total".
        var total = regions is [{ } only] && !targets.National
            ? only with { Scope = "total" }
            : IndicatorRules.Compute("total", states, targets, asOf, national: targets.National);
        return new IndicatorReport(asOf, recordedBy, regions, total, targets.TotalScope);
    }

    /// <summary>The report with its counts by a personal attribute as counted on <paramref name="on"/> (a published month end), or withheld.</summary>
    public static IndicatorReport WithAttributeCountsAt(IndicatorReport report, IndicatorReport? published, DateOnly? on)
    {
        IndicatorSet Counted(IndicatorSet set, IndicatorSet? at) => set with
        {
            Indicators = set.Indicators.Select(i => Indicator.ByPersonalAttribute.Contains(i.Key)
                ? i.CountedAt(at?.Indicators.FirstOrDefault(x => x.Key == i.Key), on)
                : i).ToList()
        };

        return report with
        {
            Regions = report.Regions.Select(r => Counted(r, published?.Regions.FirstOrDefault(x => x.Scope == r.Scope))).ToList(),
            Total = Counted(report.Total, published?.Total)
        };
    }
}

public static class IndicatorEndpoints
{
    [WolverineGet("/api/indicators", Name = "GetIndicators")]
    [EndpointSummary("Every indicator per region and in total, against its target, as of a date (default today)")]
    [EndpointDescription("asOf counts the facts that had happened by that date; recordedBy (an instant) also leaves out what the MIS " +
                         "learned later, so the answer is what the history said then. In the national view the answer also says how far " +
                         "each region's feed has been read (sources).")]
    [ProducesResponseType<IndicatorReport>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(System.Security.Claims.ClaimsPrincipal user, IQuerySession session, MisHistoryLog history, Targets targets,
        National.NationalFeeds feeds,
        TimeProvider time, CancellationToken ct, DateOnly? asOf = null, DateTimeOffset? recordedBy = null)
    {
        var validation = new Validation()
            .Require(asOf is null || asOf.Value.Year is >= 2000 and <= 2100, "asOf", "A date between 2000-01-01 and 2100-12-31.")
            .Require(recordedBy is null || recordedBy.Value.Year is >= 2000 and <= 2100, "recordedBy", "An instant between 2000 and 2100.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var day = asOf ?? SwedishTime.DateOf(time.GetUtcNow());
        async Task<IndicatorReport> ReportOn(DateOnly on) => recordedBy is null
            ? (await history.PerDayAsync(session, "indicators", [on], (states, d) => MisHistory.Report(states, targets, d, null), ct))[0]
            : MisHistory.Report((await history.StatesAsync(session, on, ct, recordedBy)).Values, targets, on, recordedBy);

        var report = await ReportOn(day);
        if (!Reports.Differencing.ReadsExactCounts(user))
        {
            var on = Reports.Differencing.PublishedOn((await history.StatesAsync(session, day, ct, recordedBy)).Values, day);
            var published = on is { } p ? await ReportOn(p) : null;
            report = MisHistory.WithAttributeCountsAt(report, published, on);
        }

        return TypedResults.Ok(targets.National ? report with { Sources = await feeds.StatusAsync(session, ct) } : report);
    }

    [WolverineGet("/api/indicators/series", Name = "GetIndicatorSeries")]
    [EndpointSummary("Every indicator at each month end from 'from' to 'to' (yyyy-MM), per region and in total, for a chart")]
    [ProducesResponseType<IndicatorSeries>(StatusCodes.Status200OK)]
    public static async Task<IResult> Series(System.Security.Claims.ClaimsPrincipal user, IQuerySession session, MisHistoryLog history, Targets targets,
        CancellationToken ct,
        string? from = null, string? to = null)
    {
        var validation = new Validation().Month(from, "from", out var start).Month(to, "to", out var end);
        validation.Require(!validation.IsValid || (start <= end && end <= start.AddMonths(119)), "to", "Not before 'from', at most 120 months after it.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var months = new List<DateOnly>();
        for (var month = start; month <= end; month = month.AddMonths(1))
        {
            months.Add(month);
        }

        // Each month end's indicators, computed again only when a fact that had happened by then arrived since.
        var monthEnds = months.Select(m => m.AddMonths(1).AddDays(-1)).ToList();
        var reports = await history.PerDayAsync(session, "indicators", monthEnds, (states, d) => MisHistory.Report(states, targets, d, null), ct);
        // Below region manager, counts by a personal attribute only at published month ends (see Reports.Differencing).
        var published = Reports.Differencing.ReadsExactCounts(user)
            ? null
            : Reports.Differencing.PublishedMonthEnds((await history.StatesAsync(session, monthEnds[^1], ct)).Values, monthEnds[^1]).ToHashSet();
        var labels = new List<string>();
        var lines = new Dictionary<(string Key, string Scope), (string Name, string Unit, List<SeriesPoint> Points)>();
        for (var k = 0; k < months.Count; k++)
        {
            var monthEnd = months[k].AddMonths(1).AddDays(-1);
            var label = months[k].ToString("yyyy-MM", CultureInfo.InvariantCulture);
            labels.Add(label);
            var report = reports[k];
            foreach (var set in report.Regions.Append(report.Total))
            {
                foreach (var indicator in set.Indicators)
                {
                    if (!lines.TryGetValue((indicator.Key, set.Scope), out var line))
                    {
                        lines[(indicator.Key, set.Scope)] = line = (indicator.Name, indicator.Unit,
                            labels.SkipLast(1).Select(earlier => new SeriesPoint(earlier, null)).ToList());
                    }

                    var withheld = published is not null && Indicator.ByPersonalAttribute.Contains(indicator.Key) && !published.Contains(monthEnd);
                    line.Points.Add(new SeriesPoint(label, withheld ? null : indicator.Value));
                }
            }
        }

        return TypedResults.Ok(new IndicatorSeries(labels,
            lines.Select(l => new SeriesLine(l.Key.Key, l.Value.Name, l.Key.Scope, l.Value.Unit, l.Value.Points)).OrderBy(l => l.Scope).ThenBy(l => l.Key).ToList()));
    }
}

namespace NeemPlatform.Impact.Reports;

/// <summary>
/// A version of the co-financing rates: from <see cref="From"/> on, each hour a participant is present at coaching is valued
/// at these amounts (SEK per hour) of activity support, her own work, premises and computers.
/// </summary>
public sealed record CoFinancingRate(int Version, DateOnly From, decimal ActivitySupportSekPerHour, decimal OwnWorkSekPerHour,
    decimal PremisesSekPerHour, decimal ComputersSekPerHour);

/// <summary>
/// The rates the region's funders accepted, versioned by the day each takes effect
/// (<c>Neem:CoFinancing:Rates:&lt;n&gt;:From, ActivitySupportSekPerHour, OwnWorkSekPerHour, PremisesSekPerHour, ComputersSekPerHour</c>).
/// An hour is valued at the version in force on the session's day; before the first version it has no value (and says so).
/// </summary>
public sealed class CoFinancingRates(IReadOnlyList<CoFinancingRate> versions)
{
    public IReadOnlyList<CoFinancingRate> Versions { get; } = versions.OrderBy(v => v.From).ToList();

    public CoFinancingRate? InForceOn(DateOnly day) => Versions.LastOrDefault(v => v.From <= day);

    public static CoFinancingRates From(IConfiguration configuration)
    {
        var versions = new List<CoFinancingRate>();
        foreach (var section in configuration.GetSection("Neem:CoFinancing:Rates").GetChildren())
        {
            decimal Sek(string name)
            {
                var text = section[name];
                if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < 0 || decimal.Round(value, 2) != value)
                {
                    throw new InvalidOperationException(
                        $"Neem:CoFinancing:Rates:{section.Key}:{name} must be an amount in SEK with at most two decimals, zero or more.");
                }

                return value;
            }

            if (!DateOnly.TryParseExact(section["From"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
            {
                throw new InvalidOperationException($"Neem:CoFinancing:Rates:{section.Key}:From must be a date, yyyy-MM-dd.");
            }

            versions.Add(new CoFinancingRate(0, from, Sek("ActivitySupportSekPerHour"), Sek("OwnWorkSekPerHour"), Sek("PremisesSekPerHour"),
                Sek("ComputersSekPerHour")));
        }

        if (versions.GroupBy(v => v.From).Any(g => g.Count() > 1))
        {
            throw new InvalidOperationException("Two co-financing rate versions take effect on the same day: give each its own From.");
        }

        return new CoFinancingRates(versions.OrderBy(v => v.From).Select((v, i) => v with { Version = i + 1 }).ToList());
    }
}

/// <summary>One month's co-financing in the region: the hours present at coaching and their value at the rates in force.</summary>
public sealed record CoFinancingMonth(
    string Month, decimal Hours, decimal HoursWithoutRate, decimal ActivitySupportSek, decimal OwnWorkSek, decimal PremisesSek, decimal ComputersSek,
    decimal TotalSek, IReadOnlyList<int> RateVersions);

public sealed record CoFinancingReport(string Region, string From, string To, IReadOnlyList<CoFinancingMonth> Months, IReadOnlyList<CoFinancingRate> Rates);

/// <summary>One participant's month for the funders' participant report: her hours present in each activity.</summary>
public sealed record ParticipantMonth(
    Guid ParticipantId, string Month, decimal GroupCoachingHours, decimal IndividualCoachingHours, decimal StudyVisitHours, decimal GuestLectureHours,
    decimal LanguageTrainingHours, decimal TotalHours, string Status, string? Outcome, decimal BusinessFollowUpHours = 0m);

public sealed record ParticipantMonthReport(string Region, string Month, IReadOnlyList<ParticipantMonth> Participants);

public static class CoFinancing
{
    /// <summary>Attendance as it stands: a correction of a session's mark replaces the earlier one.</summary>
    public static IEnumerable<AttendanceEntryRecorded> Attendance(IEnumerable<IMisEntry> entries)
    {
        var latest = new Dictionary<(Guid, Guid), AttendanceEntryRecorded>();
        foreach (var entry in entries)
        {
            if (entry is AttendanceEntryRecorded a)
            {
                latest[(a.ParticipantId, a.SessionId)] = a;
            }
        }

        return latest.Values;
    }

    private static string MonthOf(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Each month from <paramref name="from"/> to <paramref name="to"/> (first days): hours present × the rates in force on each session's day.</summary>
    public static IReadOnlyList<CoFinancingMonth> Months(IEnumerable<IMisEntry> entries, CoFinancingRates rates, DateOnly from, DateOnly to)
    {
        var present = Attendance(entries).Where(a => a.Status == "present" && a.SessionOn >= from && a.SessionOn < to.AddMonths(1)).ToList();
        var months = new List<CoFinancingMonth>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            var first = month;
            var inMonth = present.Where(a => a.SessionOn >= first && a.SessionOn < first.AddMonths(1)).Select(a => (a.Hours, Rate: rates.InForceOn(a.SessionOn))).ToList();
            var valued = inMonth.Where(x => x.Rate is not null).ToList();
            decimal Value(Func<CoFinancingRate, decimal> rate) =>
                decimal.Round(valued.Sum(x => x.Hours * rate(x.Rate!)), 2, MidpointRounding.AwayFromZero);
            var (support, own, premises, computers) = (Value(r => r.ActivitySupportSekPerHour), Value(r => r.OwnWorkSekPerHour),
                Value(r => r.PremisesSekPerHour), Value(r => r.ComputersSekPerHour));
            months.Add(new CoFinancingMonth(MonthOf(first), inMonth.Sum(x => x.Hours), inMonth.Where(x => x.Rate is null).Sum(x => x.Hours), support, own,
                premises, computers, support + own + premises + computers, valued.Select(x => x.Rate!.Version).Distinct().Order().ToList()));
        }

        return months;
    }

    /// <summary>Every participant with hours present in the month, or in the programme during it: her hours per activity, status and outcome.</summary>
    public static IReadOnlyList<ParticipantMonth> ParticipantMonths(IEnumerable<IMisEntry> entries, IReadOnlyDictionary<Guid, MisParticipant> states,
        DateOnly month)
    {
        var end = month.AddMonths(1);
        var hours = Attendance(entries).Where(a => a.Status == "present" && a.SessionOn >= month && a.SessionOn < end)
            .GroupBy(a => a.ParticipantId).ToDictionary(g => g.Key, g => g.ToList());
        var inProgramme = states.Values.Where(p => p.JoinedGroupOn < end && (p.LeftOn is null || p.LeftOn >= month)).Select(p => p.Id);
        return hours.Keys.Union(inProgramme).Select(id =>
            {
                var mine = hours.GetValueOrDefault(id) ?? [];
                decimal Of(string kind) => mine.Where(a => a.SessionKind == kind).Sum(a => a.Hours);
                var state = states.GetValueOrDefault(id);
                var status = state?.LeftOn is { } left && left < end ? "left" : state?.JoinedGroupOn is not null ? "in-programme" : "enrolled";
                return new ParticipantMonth(id, MonthOf(month), Of("group"), Of("individual"), Of("study-visit"), Of("guest-lecture"), Of("language-training"),
                    mine.Sum(a => a.Hours), status, state?.Outcome, Of("business-follow-up"));
            })
            .OrderBy(p => p.ParticipantId).ToList();
    }

    [WolverineGet("/api/reports/co-financing", Name = "GetCoFinancing")]
    [EndpointSummary("Co-financing per month of the period (from, to: yyyy-MM): hours present at coaching valued at the versioned rates of activity support, own work, premises and computers")]
    [ProducesResponseType<CoFinancingReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string from, string to, RegionOptions region, CoFinancingRates rates, IQuerySession session, MisHistoryLog history,
        CancellationToken ct)
    {
        var validation = new Validation().Month(from, "from", out var first).Month(to, "to", out var last);
        validation.Require(first == default || last == default || (first <= last && first.AddMonths(36) > last), "to", "Not before 'from', and at most 36 months.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var entries = await history.EntriesAsync(session, ct);
        return TypedResults.Ok(new CoFinancingReport(region.Region, from, to, Months(entries, rates, first, last), rates.Versions));
    }

    [WolverineGet("/api/reports/participant-months", Name = "GetParticipantMonths")]
    [EndpointSummary("The funders' participant report for a month (yyyy-MM): each participant in the programme or present at coaching, her hours in each activity, status and outcome")]
    [ProducesResponseType<ParticipantMonthReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Participants(string month, RegionOptions region, IQuerySession session, MisHistoryLog history, CancellationToken ct)
    {
        var validation = new Validation().Month(month, "month", out var first);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var entries = await history.EntriesAsync(session, ct);
        var states = await history.StatesAsync(session, first.AddMonths(1).AddDays(-1), ct);
        return TypedResults.Ok(new ParticipantMonthReport(region.Region, month, ParticipantMonths(entries, states, first)));
    }
}

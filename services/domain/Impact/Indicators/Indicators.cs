namespace NeemPlatform.Impact.Indicators;

/// <summary>
/// A target: at least <see cref="Min"/>; a range target (20–30 %) also has a <see cref="Max"/>. Reaching the minimum meets
/// the target: above a range is reported as "above", never as missed.
/// </summary>
public sealed record Target(decimal Min, decimal? Max = null)
{
    public bool Met(decimal value) => value >= Min;

    /// <summary>"below" or "met" for a minimum; "below", "within" or "above" for a range.</summary>
    public string Status(decimal value) =>
        value < Min ? "below"
        : Max is null ? "met"
        : value > Max ? "above"
        : "within";
}

/// <summary>
/// The programme's targets, from configuration <c>Neem:Targets</c> so the steering group can change them without a
/// release: per regional platform and for the whole programme. A regional instance holds its totals to the regional
/// targets; the national view (<see cref="National"/>) holds each region to the regional ones and the programme to the
/// national ones.
/// </summary>
public sealed record Targets(
    int ParticipantsPerRegion, int ParticipantsInTotal, decimal ShareOfWomen, decimal ShareWithForeignBackground, int SocialEnterprisesInTotal,
    int SocialEnterprisesPerRegion, decimal StartedCompanyMin, decimal StartedCompanyMax, decimal NextStepMin, decimal NextStepMax,
    bool National = false, IReadOnlyList<TargetPeriod>? Periods = null)
{
    /// <summary>The scope the instance's totals are held to: "national" or "regional".</summary>
    public string TotalScope => National ? "national" : "regional";

    /// <summary>The programme's milestones (<c>Neem:Targets:Periods:&lt;n&gt;:Name, Until, ParticipantsPerRegion, …</c>), in date order.</summary>
    public static IReadOnlyList<TargetPeriod> PeriodsFrom(IConfiguration c) =>
        c.GetSection("Neem:Targets:Periods").GetChildren().Select(p =>
            {
                if (string.IsNullOrWhiteSpace(p["Name"]) || !DateOnly.TryParseExact(p["Until"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
                {
                    throw new InvalidOperationException($"Neem:Targets:Periods:{p.Key} needs a Name and an Until date (yyyy-MM-dd).");
                }

                return new TargetPeriod(p["Name"]!.Trim(), until, p.GetValue("ParticipantsPerRegion", 0), p.GetValue("ParticipantsInTotal", 0),
                    p.GetValue("SocialEnterprisesPerRegion", 0), p.GetValue("SocialEnterprisesInTotal", 0));
            })
            .OrderBy(p => p.Until).ToList();

    public static Targets From(IConfiguration c) => new(
        c.GetValue("Neem:Targets:ParticipantsPerRegion", 60), c.GetValue("Neem:Targets:ParticipantsInTotal", 180),
        c.GetValue("Neem:Targets:ShareOfWomen", 0.80m), c.GetValue("Neem:Targets:ShareWithForeignBackground", 0.85m),
        c.GetValue("Neem:Targets:SocialEnterprisesInTotal", 3), c.GetValue("Neem:Targets:SocialEnterprisesPerRegion", 1),
        c.GetValue("Neem:Targets:StartedCompanyMin", 0.20m), c.GetValue("Neem:Targets:StartedCompanyMax", 0.30m),
        c.GetValue("Neem:Targets:NextStepMin", 0.60m), c.GetValue("Neem:Targets:NextStepMax", 0.70m),
        c["Neem:Region"] == Microsoft.Extensions.Hosting.Regions.National, PeriodsFrom(c));
}

/// <summary>A milestone of the programme: by <see cref="Until"/>, so many participants in network groups and social enterprises started.</summary>
public sealed record TargetPeriod(string Name, DateOnly Until, int ParticipantsPerRegion, int ParticipantsInTotal, int SocialEnterprisesPerRegion,
    int SocialEnterprisesInTotal);

/// <summary>
/// One indicator's value, how it is computed and over which population. <see cref="Met"/> says whether the target's
/// minimum is reached; <see cref="Status"/> says where the value lies (below, met; or below, within, above a range).
/// <see cref="Unit"/> says how to read the value: "count" (a number of people, loans, modules) or "share" (a fraction, 0.8 = 80 %).
/// <see cref="CountedOn"/>, when given, is the date its figures are counted at instead of the report's: counts by gender or
/// foreign background for roles below region manager (see <c>Reports.Differencing</c>); status "withheld" when there is none yet.
/// </summary>
/// <remarks>
/// <see cref="ProgrammeTarget"/>: in a region's set, the whole programme's target for the same indicator where it differs from the
/// region's (180 participants in total beside 60 per region), so a region sees its share of the programme's goal.
/// </remarks>
public sealed record Indicator(string Key, string Name, decimal? Value, decimal Numerator, decimal Denominator, Target? Target, bool? Met,
    string Definition, string Population, string? Status = null, string Unit = IndicatorUnits.Count, DateOnly? CountedOn = null,
    Target? ProgrammeTarget = null)
{
    /// <summary>The indicators that count people by a personal attribute, which differencing two dates would give away.</summary>
    public static readonly IReadOnlyList<string> ByPersonalAttribute = ["share-of-women", "share-with-foreign-background"];

    /// <summary>This indicator as counted on a published month end, or withheld when no month end is published yet.</summary>
    public Indicator CountedAt(Indicator? published, DateOnly? on) => published is null || on is null
        ? this with { Value = null, Numerator = 0, Denominator = 0, Met = null, Status = "withheld", CountedOn = null }
        : published with { CountedOn = on };
}

public static class IndicatorUnits
{
    public const string Count = "count";
    public const string Share = "share";

    public static readonly IReadOnlyList<string> All = [Count, Share];
}

public sealed record IndicatorSet(string Scope, DateOnly AsOf, IReadOnlyList<Indicator> Indicators)
{
    public Indicator this[string key] => Indicators.Single(i => i.Key == key);
}

/// <summary>The MIS indicators (issue: Impact service), each from one definition used by every report.</summary>
public static class IndicatorRules
{
    public static readonly string[] NextSteps = ["studies", "internship", "employment", "started-company"];
    private static readonly string[] AtRisk30 = ["31-60", "61-90", "over-90"];

    private static decimal? Share(decimal n, decimal d) => d == 0 ? null : decimal.Round(n / d, 4, MidpointRounding.AwayFromZero);

    private static Indicator Count(string key, string name, decimal count, Target? target, string definition, string population) =>
        new(key, name, count, count, 1, target, target?.Met(count), definition, population, target?.Status(count));

    private static Indicator Ratio(string key, string name, decimal n, decimal d, Target? target, string definition, string population)
    {
        var value = Share(n, d);
        return new(key, name, value, n, d, target, value is { } v ? target?.Met(v) : null, definition, population,
            value is { } w ? target?.Status(w) : null, IndicatorUnits.Share);
    }

    /// <summary>
    /// The social enterprises started: distinct enterprises, so two participants who founded one together count once and one
    /// who founded two counts twice. A fact recorded before enterprises had an id counts as her own enterprise.
    /// </summary>
    public static int SocialEnterprises(IEnumerable<MisParticipant> all) =>
        all.SelectMany(p => p.SocialEnterpriseIds is { Count: > 0 } ids ? ids.Select(i => (Guid?)i)
                : p.StartedSocialEnterprise ? [null] : [])
            .Select((id, i) => id?.ToString() ?? $"participant-{i}")
            .Distinct(StringComparer.Ordinal)
            .Count();

    /// <summary>The statuses that are a next step at a follow-up (work, studies, an internship, her own company).</summary>
    public static readonly IReadOnlyList<string> FollowUpNextSteps = ["employment", "studies", "internship", "own-company"];

    /// <summary>A follow-up where she could not be reached: it counts as no answer, never as an outcome.</summary>
    public const string NoAnswer = "no-answer";

    /// <summary>
    /// Per follow-up point (at exit, six and twelve months after leaving), among those whose point has come by the date: how
    /// many answered, how many did not (not reached, or nothing recorded yet: "no answer", never a negative outcome), and
    /// the share in a next step among those who answered. The funders' reports rest on these.
    /// </summary>
    private static IEnumerable<Indicator> FollowUps(IReadOnlyCollection<MisParticipant> all, DateOnly asOf) =>
        History.Recording.RecordInHistoryHandler.FollowUpPoints.SelectMany(f =>
        {
            var due = all.Where(p => p.LeftOn is { } left && left.AddMonths(f.Months) <= asOf).ToList();
            var statuses = due.Select(p => p.FollowUps?.Where(r => r.StartsWith(f.Point + ":", StringComparison.Ordinal))
                .Select(r => r[(f.Point.Length + 1)..]).FirstOrDefault(s => s != NoAnswer)).Where(s => s is not null).ToList();
            var when = f.Months == 0 ? "at exit" : $"{f.Months} months after leaving";
            const string population = "Participants who left the programme.";
            return new[]
            {
                Ratio($"follow-ups-{f.Point}", $"Follow-ups {when} answered", statuses.Count, due.Count, null,
                    $"Participants who left with their follow-up {when} answered, over all whose follow-up {when} had fallen due by the date.",
                    population),
                Count($"follow-ups-{f.Point}-no-answer", $"Follow-ups {when} without an answer", due.Count - statuses.Count, null,
                    $"Participants whose follow-up {when} had fallen due by the date with no answer: not reached, or not yet recorded. " +
                    "No answer is never counted as an outcome.", population),
                Ratio($"follow-ups-{f.Point}-next-step", $"In a next step {when}", statuses.Count(FollowUpNextSteps.Contains), statuses.Count, null,
                    $"Those who answered their follow-up {when} in work, studies, an internship or their own company, over those who answered " +
                    "(no answer is left out, not counted as a negative outcome).", $"Participants who answered their follow-up {when}.")
            };
        });

    /// <summary>The indicators of one scope; <paramref name="national"/> holds the counts to the national targets, else to one region's.</summary>
    public static IndicatorSet Compute(string scope, IReadOnlyCollection<MisParticipant> all, Targets targets, DateOnly asOf, bool national)
    {
        var inGroups = all.Where(p => p.JoinedGroupOn is not null).ToList();
        var n = inGroups.Count;
        var women = inGroups.Count(p => p.Attributes?.Gender == "female");
        var foreign = inGroups.Count(p => p.Attributes?.ForeignBackground == true);
        var started = inGroups.Count(p => p.NextSteps?.Contains("started-company") == true);
        var social = SocialEnterprises(all);
        var nextStep = inGroups.Count(p => p.NextSteps?.Any(NextSteps.Contains) == true || NextSteps.Contains(p.Outcome ?? ""));
        // Counted without collecting: a region's every attendance, at every month end of a series, is millions of entries.
        var (present, attendances) = (0, 0);
        foreach (var p in all)
        {
            foreach (var mark in p.AttendanceBySession?.Values ?? [])
            {
                attendances++;
                present += mark == "present" ? 1 : 0;
            }
        }

        var loans = all.SelectMany(p => (p.Loans ?? new Dictionary<Guid, MisLoan>()).Values).ToList();
        var active = loans.Where(l => l.Status == "active").ToList();
        var outstanding = active.Sum(l => l.OutstandingSek);
        var disbursed = loans.Where(l => l.DisbursedSek > 0).Sum(l => l.DisbursedSek);
        const string groupPopulation = "Participants who have joined a network group, by the date.";
        return new IndicatorSet(scope, asOf,
        [
            Count("participants-in-network-groups", "Participants mobilised in network groups", n,
                new Target(national ? targets.ParticipantsInTotal : targets.ParticipantsPerRegion),
                "Number of participants who joined a network group on or before the date.", "All participants.")
                with { ProgrammeTarget = national ? null : new Target(targets.ParticipantsInTotal) },
            Ratio("share-of-women", "Share of women", women, n, new Target(targets.ShareOfWomen),
                "Participants in network groups whose gender is female, over all participants in network groups.", groupPopulation),
            Ratio("share-with-foreign-background", "Share with a foreign background", foreign, n, new Target(targets.ShareWithForeignBackground),
                "Participants in network groups born abroad or with a parent born abroad, over all in network groups (unknown counts as not).",
                groupPopulation),
            Count("social-enterprises-started", "Social enterprises started", social,
                new Target(national ? targets.SocialEnterprisesInTotal : targets.SocialEnterprisesPerRegion),
                "Distinct social enterprises started by participants: an enterprise founded by two participants counts once.", "All participants.")
                with { ProgrammeTarget = national ? null : new Target(targets.SocialEnterprisesInTotal) },
            Ratio("share-started-company", "Share who started a company", started, n, new Target(targets.StartedCompanyMin, targets.StartedCompanyMax),
                "Participants in network groups with a recorded started company, over all in network groups.", groupPopulation),
            Ratio("share-next-step", "Share who took a next step", nextStep, n, new Target(targets.NextStepMin, targets.NextStepMax),
                "Participants in network groups with studies, an internship, employment or a started company recorded (as an outcome or at leaving).",
                groupPopulation),
            .. FollowUps(all, asOf),
            Count("financed-outside-programme", "Financing obtained outside the programme", all.Count(p => p.FinancedOutsideProgramme), null,
                "Participants who said at a follow-up that they obtained a loan or other financing outside the programme (Almi, a bank, " +
                "Nyföretagarcentrum or another financier): the programme's bankable outcome.", "Participants who answered a follow-up."),
            Count("modules-approved", "Coaching modules approved", all.Sum(p => p.ModulesApproved), null,
                "Checklist modules approved by advisors, all participants.", "All enrolled participants."),
            Ratio("attendance-rate", "Attendance rate", present, attendances, null,
                "Sessions attended over sessions recorded (absent and excused count as not attended); a correction replaces the earlier record.",
                "Every recorded attendance of enrolled participants."),
            Count("active-loans", "Active loans", active.Count, null, "Loans disbursed and neither settled nor written off.", "All loans."),
            Ratio("par30", "Portfolio at risk, 30 days (PAR30)", active.Where(l => AtRisk30.Contains(l.Bucket)).Sum(l => l.OutstandingSek), outstanding, null,
                "Outstanding principal of active loans more than 30 days past due at their last arrears evaluation, over all outstanding principal.",
                "Active loans."),
            Ratio("write-off-ratio", "Write-off ratio", loans.Sum(l => l.WrittenOffSek), disbursed, null,
                "Principal written off (not interest or fees) over principal disbursed, all loans by the date. Lending's portfolio report " +
                "gives the period ratio over the average gross loan portfolio.", "Disbursed loans."),
            Ratio("instalments-on-time", "Share of instalments paid on time", loans.Sum(l => l.InstalmentsPaidOnTime), loans.Sum(l => l.InstalmentsDue), null,
                "Instalments paid in full by their due date over instalments fallen due, as of each loan's last repayment.", "Disbursed loans."),
        ]);
    }
}

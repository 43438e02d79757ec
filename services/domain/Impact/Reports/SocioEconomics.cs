namespace NeemPlatform.Impact.Reports;

/// <summary>
/// The assumptions of the socio-economic model (in the style of Nilsson &amp; Wadeskog's "cost of exclusion"),
/// versioned and editable: what exclusion costs each payer per person and year, and what a started company
/// brings per year. Version 1 holds example values to be replaced with the programme's own. Id: "v{version}".
/// </summary>
public sealed record SocioEconomicParameters(
    string Id, int Version, IReadOnlyDictionary<string, decimal> ExclusionCostPerPersonYearSek, decimal TaxRevenuePerCompanyYearSek,
    decimal ConsumptionPerCompanyYearSek, decimal LowerBenefitCostsPerCompanyYearSek, string Source, DateTimeOffset PublishedAt, string PublishedBy)
{
    public static SocioEconomicParameters Example(DateTimeOffset at) => new("v1", 1,
        new Dictionary<string, decimal> { ["municipality"] = 110_000m, ["state"] = 120_000m, ["region"] = 20_000m },
        60_000m, 30_000m, 90_000m, "Example values for a first run: replace them with the programme's own assumptions.", at, "programme");
}

public sealed record EditParameters(IReadOnlyDictionary<string, decimal> ExclusionCostPerPersonYearSek, decimal TaxRevenuePerCompanyYearSek,
    decimal ConsumptionPerCompanyYearSek, decimal LowerBenefitCostsPerCompanyYearSek, string Source);

/// <summary>
/// One step of the model: what it counts (<see cref="Key"/>: exclusion-cost-avoided for a <see cref="Payer"/>, tax-revenue,
/// consumption, lower-benefit-costs), how many people or companies, at what rate per year, over how many years.
/// <see cref="Description"/> and <see cref="Formula"/> say the same in English.
/// </summary>
public sealed record Step(string Description, string Formula, decimal AmountSek, string Key = "", string? Payer = null, int Count = 0,
    decimal RateSek = 0m, int Years = 0);

public sealed record SocioEconomicResult(string Scope, int Years, int ParticipantsWithNextStep, int CompaniesStarted, IReadOnlyList<Step> Steps, decimal TotalSek);

public sealed record SocioEconomicReport(int ParametersVersion, DateOnly AsOf, IReadOnlyList<SocioEconomicResult> Regions, SocioEconomicResult Total);

/// <summary>The model's steps by what they count.</summary>
public static class StepKeys
{
    public const string ExclusionCostAvoided = "exclusion-cost-avoided";
    public const string TaxRevenue = "tax-revenue";
    public const string Consumption = "consumption";
    public const string LowerBenefitCosts = "lower-benefit-costs";
    public static readonly IReadOnlyList<string> All = [ExclusionCostAvoided, TaxRevenue, Consumption, LowerBenefitCosts];
}

public static class SocioEconomics
{
    private static readonly string[] NextSteps = ["studies", "internship", "employment", "started-company"];

    private static string Sek(decimal v) => v.ToString("#,##0", CultureInfo.InvariantCulture).Replace(",", " ", StringComparison.Ordinal);

    /// <summary>The model, each step shown: avoided exclusion costs per payer, and what the started companies bring.</summary>
    public static SocioEconomicResult Compute(string scope, IReadOnlyCollection<MisParticipant> states, SocioEconomicParameters p, int years)
    {
        var withNextStep = states.Count(s => s.JoinedGroupOn is not null && (s.NextSteps?.Any(NextSteps.Contains) == true || NextSteps.Contains(s.Outcome ?? "")));
        var companies = states.Count(s => s.NextSteps?.Contains("started-company") == true);
        var steps = new List<Step>();
        foreach (var (payer, cost) in p.ExclusionCostPerPersonYearSek.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            steps.Add(new Step($"Exclusion cost avoided, {payer}", $"{withNextStep} participants × {Sek(cost)} SEK × {years} years", withNextStep * cost * years,
                StepKeys.ExclusionCostAvoided, payer, withNextStep, cost, years));
        }

        Step Companies(string key, string description, decimal rate) =>
            new(description, $"{companies} companies × {Sek(rate)} SEK × {years} years", companies * rate * years, key, null, companies, rate, years);
        steps.Add(Companies(StepKeys.TaxRevenue, "Tax revenue from started companies", p.TaxRevenuePerCompanyYearSek));
        steps.Add(Companies(StepKeys.Consumption, "Consumption from started companies", p.ConsumptionPerCompanyYearSek));
        steps.Add(Companies(StepKeys.LowerBenefitCosts, "Lower benefit costs from started companies", p.LowerBenefitCostsPerCompanyYearSek));
        return new SocioEconomicResult(scope, years, withNextStep, companies, steps, steps.Sum(s => s.AmountSek));
    }

    public static async Task<SocioEconomicParameters> CurrentAsync(IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var all = await session.Query<SocioEconomicParameters>().ToListAsync(ct);
        if (all.MaxBy(x => x.Version) is { } current)
        {
            return current;
        }

        var first = SocioEconomicParameters.Example(time.GetUtcNow());
        session.Store(first);
        return first;
    }

    [WolverineGet("/api/socio-economics", Name = "GetSocioEconomicEffects")]
    [Authorize(Policy = NeemPolicies.Indicators)]
    [Tags("Socio-economic effects")]
    [EndpointSummary("The socio-economic effects over a number of years (default 5), per region and in total, each step shown")]
    [ProducesResponseType<SocioEconomicReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IDocumentSession session, History.MisHistoryLog history, TimeProvider time, CancellationToken ct, int years = 5, DateOnly? asOf = null,
        int? version = null)
    {
        var validation = new Validation().Require(years is >= 1 and <= 30, "years", "From 1 to 30.")
            .Require(asOf is null || asOf.Value.Year is >= 2000 and <= 2100, "asOf", "A date between 2000-01-01 and 2100-12-31.")
            .Require(version is null or (>= 1 and <= 100_000), "version", "A parameter version from 1.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var current = await CurrentAsync(session, time, ct);
        var parameters = version is { } v ? await session.LoadAsync<SocioEconomicParameters>($"v{v}", ct) : current;
        if (parameters is null)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["version"] = ["No parameters with this version."] });
        }

        var day = asOf ?? SwedishTime.DateOf(time.GetUtcNow());
        var states = (await history.StatesAsync(session, day, ct)).Values.ToList();
        return TypedResults.Ok(new SocioEconomicReport(parameters.Version, day,
            states.GroupBy(s => s.Region).OrderBy(g => g.Key).Select(g => Compute(g.Key, g.ToList(), parameters, years)).ToList(),
            Compute("total", states, parameters, years)));
    }

    [WolverineGet("/api/socio-economics/parameters", Name = "ListSocioEconomicParameters")]
    [Authorize(Policy = NeemPolicies.Indicators)]
    [Tags("Socio-economic effects")]
    [EndpointSummary("Every version of the model's assumptions, newest first: the values, where they come from, who published them and when")]
    [ProducesResponseType<IReadOnlyList<SocioEconomicParameters>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Versions(IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        await CurrentAsync(session, time, ct);
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok((await session.Query<SocioEconomicParameters>().ToListAsync(ct)).OrderByDescending(p => p.Version).ToList());
    }

    [WolverinePut("/api/socio-economics/parameters", Name = "EditSocioEconomicParameters")]
    [Authorize(Policy = NeemPolicies.RegionManagement)]
    [Tags("Socio-economic effects")]
    [EndpointSummary("Edit the model's assumptions: a new version with where its values come from and who published it; earlier versions stay for comparison")]
    [ProducesResponseType<SocioEconomicParameters>(StatusCodes.Status200OK)]
    public static async Task<IResult> Edit(EditParameters command, ClaimsPrincipal user, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation()
            .Require(command.ExclusionCostPerPersonYearSek.Count is >= 1 and <= 20 && command.ExclusionCostPerPersonYearSek.All(x => x.Key.Length is > 0 and <= 50),
                "exclusionCostPerPersonYearSek", "One to twenty payers with their cost.")
            .Require(command.ExclusionCostPerPersonYearSek.Values.All(v => v is >= 0 and <= 10_000_000m), "exclusionCostPerPersonYearSek", "Costs from 0 to 10 000 000 SEK.")
            .Sek(command.TaxRevenuePerCompanyYearSek, "taxRevenuePerCompanyYearSek", max: 10_000_000m)
            .Sek(command.ConsumptionPerCompanyYearSek, "consumptionPerCompanyYearSek", max: 10_000_000m)
            .Sek(command.LowerBenefitCostsPerCompanyYearSek, "lowerBenefitCostsPerCompanyYearSek", max: 10_000_000m)
            .Require(!string.IsNullOrWhiteSpace(command.Source) && command.Source.Length <= 500, "source", "Where the values come from, 1–500 characters.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        await session.LockAsync("socio-economic-parameters", ct);
        var current = await CurrentAsync(session, time, ct);
        var next = new SocioEconomicParameters($"v{current.Version + 1}", current.Version + 1, command.ExclusionCostPerPersonYearSek,
            command.TaxRevenuePerCompanyYearSek, command.ConsumptionPerCompanyYearSek, command.LowerBenefitCostsPerCompanyYearSek, command.Source.Trim(),
            time.GetUtcNow(), user.StaffId());
        session.Store(next);
        return TypedResults.Ok(next);
    }
}

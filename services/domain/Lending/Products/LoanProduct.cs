namespace NeemPlatform.Lending.Products;

/// <summary>
/// A version of a loan product. Every change is a new version; a loan keeps the version it was granted under.
/// Document id: "{region}/{code}/v{version}".
/// </summary>
public sealed record LoanProduct(
    string Id, string Region, string Code, int Version, string Name, decimal MinAmountSek, decimal MaxAmountSek,
    decimal NominalAnnualRatePercent, decimal SetUpFeeSek, decimal MonthlyFeeSek, int MinTermMonths, int MaxTermMonths,
    string GraceType, int MaxGraceMonths, string Amortisation, decimal MaxInstalmentShareOfSurplus,
    IReadOnlyList<string> AllocationOrder, DateTimeOffset PublishedAt, string PublishedBy, decimal EarlyRepaymentCompensationPercent = 0m,
    string ArrearsOnReschedule = ArrearsRule.Spread, int ReminderDaysBefore = 3, IReadOnlyList<int>? LateReminderDays = null)
{
    /// <summary>The days after a missed due date on which the borrower is reminded (default 5 and 15).</summary>
    public IReadOnlyList<int> LateReminders => LateReminderDays ?? [5, 15];

    public static string IdFor(string region, string code, int version) => $"{region}/{code}/v{version}";
}

/// <summary>How a rescheduling books what is overdue of interest and fees: each stays what it is (interest is never turned into fees).</summary>
public static class ArrearsRule
{
    /// <summary>Spread evenly over the new instalments.</summary>
    public const string Spread = "spread";

    /// <summary>Due with the first new instalment.</summary>
    public const string DueAtOnce = "due-at-once";

    public static readonly IReadOnlyList<string> All = [Spread, DueAtOnce];
}

/// <summary>The current version of a product. Document id: "{region}/{code}".</summary>
public sealed record CurrentProduct(string Id, int Version);

/// <summary>A product's settings as an administrator sends them.</summary>
public sealed record DefineProduct(
    string Name, decimal MinAmountSek, decimal MaxAmountSek, decimal NominalAnnualRatePercent, decimal SetUpFeeSek, decimal MonthlyFeeSek,
    int MinTermMonths, int MaxTermMonths, string Amortisation, decimal MaxInstalmentShareOfSurplus, string GraceType = "none",
    int MaxGraceMonths = 0, IReadOnlyList<string>? AllocationOrder = null, decimal EarlyRepaymentCompensationPercent = 0m,
    string ArrearsOnReschedule = ArrearsRule.Spread, int ReminderDaysBefore = 3, IReadOnlyList<int>? LateReminderDays = null);

public static class LoanProductEndpoints
{
    public static Validation Check(string code, DefineProduct p)
    {
        var order = p.AllocationOrder ?? Ledger.DefaultOrder;
        return new Validation()
            .Require(System.Text.RegularExpressions.Regex.IsMatch(code, "^[a-z0-9][a-z0-9-]{0,39}$"), "code", "Lower-case letters, digits and '-', up to 40.")
            .Text(p.Name, "name", 100, required: true)
            .Sek(p.MinAmountSek, "minAmountSek", max: 5_000_000m).Sek(p.MaxAmountSek, "maxAmountSek", max: 5_000_000m)
            .Require(p.MinAmountSek > 0 && p.MinAmountSek <= p.MaxAmountSek, "maxAmountSek", "Above zero, and not below the minimum.")
            .Require(p.NominalAnnualRatePercent is >= 0 and <= 50 && decimal.Round(p.NominalAnnualRatePercent, 4) == p.NominalAnnualRatePercent,
                "nominalAnnualRatePercent", "From 0 to 50 (percent), at most four decimals.")
            .Sek(p.SetUpFeeSek, "setUpFeeSek", max: 100_000m).Sek(p.MonthlyFeeSek, "monthlyFeeSek", max: 10_000m)
            .Require(p.MinTermMonths >= 1 && p.MinTermMonths <= p.MaxTermMonths && p.MaxTermMonths <= 120, "maxTermMonths",
                "Terms from 1 to 120 months, the minimum not above the maximum.")
            .OneOf(p.Amortisation, Amortisation.All, "amortisation")
            .OneOf(p.GraceType, GraceType.All, "graceType")
            .Require(p.MaxGraceMonths >= 0 && p.MaxGraceMonths < p.MinTermMonths && (p.GraceType != GraceType.None || p.MaxGraceMonths == 0),
                "maxGraceMonths", "Fewer than the shortest term; 0 when there is no grace.")
            .Require(p.MaxInstalmentShareOfSurplus is > 0 and <= 1, "maxInstalmentShareOfSurplus",
                "The largest share of her expected monthly surplus an instalment may take: above 0, at most 1.")
            .Require(p.EarlyRepaymentCompensationPercent is >= 0 and <= 1 && decimal.Round(p.EarlyRepaymentCompensationPercent, 2) == p.EarlyRepaymentCompensationPercent,
                "earlyRepaymentCompensationPercent",
                "From 0 to 1 (percent of the principal repaid early, two decimals); the law caps it at 0.5 % when a year or less remains.")
            .OneOf(p.ArrearsOnReschedule, ArrearsRule.All, "arrearsOnReschedule")
            .Require(p.ReminderDaysBefore is >= 0 and <= 30, "reminderDaysBefore", "Days before a due date to remind her: 0 (no reminder) to 30.")
            .Require(p.LateReminderDays is null || (p.LateReminderDays.Count <= 5 && p.LateReminderDays.All(d => d is >= 1 and <= 180)
                                                    && p.LateReminderDays.Distinct().Count() == p.LateReminderDays.Count), "lateReminderDays",
                "Up to five different days after a missed due date (1–180) on which she is reminded; empty for none.")
            .Require(order.Count == 3 && order.Distinct().Count() == 3 && order.All(Ledger.DefaultOrder.Contains), "allocationOrder",
                "fees, interest and principal, each once, in the order payments pay them.");
    }

    /// <summary>What a version says about lending (not its id, number, time or author): a PUT of the same settings is no new version.</summary>
    private static object Settings(LoanProduct p) => (p.Name, p.MinAmountSek, p.MaxAmountSek, p.NominalAnnualRatePercent, p.SetUpFeeSek, p.MonthlyFeeSek,
        p.MinTermMonths, p.MaxTermMonths, p.GraceType, p.MaxGraceMonths, p.Amortisation, p.MaxInstalmentShareOfSurplus, string.Join(',', p.AllocationOrder),
        p.EarlyRepaymentCompensationPercent, p.ArrearsOnReschedule, p.ReminderDaysBefore, string.Join(',', p.LateReminders));

    public static async Task<LoanProduct?> CurrentAsync(IQuerySession session, string region, string code, CancellationToken ct) =>
        await session.LoadAsync<CurrentProduct>($"{region}/{code}", ct) is { } current
            ? await session.LoadAsync<LoanProduct>(LoanProduct.IdFor(region, code, current.Version), ct)
            : null;

    [WolverinePut("/api/loan-products/{code}", Name = "DefineLoanProduct")]
    [Authorize(Policy = NeemPolicies.RegionManagement)]
    [EndpointSummary("Define a loan product or change it: each change is a new version")]
    [ProducesResponseType<LoanProduct>(StatusCodes.Status200OK)]
    public static async Task<IResult> Define(string code, DefineProduct command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session, TimeProvider time,
        CancellationToken ct)
    {
        var validation = Check(code, command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        await session.LockAsync($"product:{region}/{code}", ct);
        var current = await CurrentAsync(session, region, code, ct);
        var version = (current?.Version ?? 0) + 1;
        var product = new LoanProduct(LoanProduct.IdFor(region, code, version), region, code, version, command.Name.Trim(), command.MinAmountSek,
            command.MaxAmountSek, command.NominalAnnualRatePercent, command.SetUpFeeSek, command.MonthlyFeeSek, command.MinTermMonths,
            command.MaxTermMonths, command.GraceType, command.MaxGraceMonths, command.Amortisation, command.MaxInstalmentShareOfSurplus,
            command.AllocationOrder ?? Ledger.DefaultOrder, time.GetUtcNow(), user.StaffId(), command.EarlyRepaymentCompensationPercent,
            command.ArrearsOnReschedule, command.ReminderDaysBefore, command.LateReminderDays?.Order().ToList());
        if (current is not null && Equals(Settings(current), Settings(product)))
        {
            return TypedResults.Ok(current);
        }

        session.Store(product);
        session.Store(new CurrentProduct($"{region}/{code}", version));
        return TypedResults.Ok(product);
    }

    [WolverineGet("/api/loan-products", Name = "ListLoanProducts")]
    [EndpointSummary("Your region's loan products, current versions")]
    [ProducesResponseType<IReadOnlyList<LoanProduct>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<LoanProduct>> List(ClaimsPrincipal user, RegionOptions instance, IQuerySession session, CancellationToken ct)
    {
        var region = instance.Region;
        var all = await session.Query<LoanProduct>().Where(p => p.Region == region).ToListAsync(ct);
        return all.GroupBy(p => p.Code).Select(g => g.MaxBy(p => p.Version)!).OrderBy(p => p.Code).ToList();
    }
}

using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.Applying;

/// <summary>
/// A loan officer prepares an application. <c>loanId</c> is chosen by the caller, so a retry is recognised:
/// the same id and terms answer 200 with the stored application; other terms under that id are a 409.
/// </summary>
public sealed record ApplyForLoan(Guid LoanId, Guid ParticipantId, string ProductCode, decimal AmountSek, int TermMonths, DateOnly AppliedOn,
    int GraceMonths = 0);

/// <summary>Ask for a schedule and an offer before any decision.</summary>
public sealed record PreviewSchedule(string ProductCode, decimal AmountSek, int TermMonths, DateOnly DisbursedOn, int GraceMonths = 0);

public sealed record SchedulePreview(LoanTerms Terms, IReadOnlyList<Instalment> Schedule, Offer Offer, int ProductVersion);

public static class ApplyForLoanEndpoint
{
    public static LoanTerms TermsFor(LoanProduct product, decimal amount, int term, int grace, DateOnly disbursedOn) =>
        new(amount, product.NominalAnnualRatePercent, term, grace, grace == 0 ? GraceType.None : product.GraceType, product.Amortisation,
            product.SetUpFeeSek, product.MonthlyFeeSek, disbursedOn);

    /// <summary>
    /// The offer of a schedule, or null when no effective rate solves the EU equation for it (such an offer is refused,
    /// never stated with a rate of 0 %). The level instalment is a regular month's own amount: the deferred interest and
    /// fees of no-payment grace months and the set-up fee are stated apart.
    /// </summary>
    public static Offer? OfferFor(LoanTerms terms, IReadOnlyList<Instalment> schedule)
    {
        if (schedule.Count == 0 || EffectiveRate.Of(terms.AmountSek, schedule, terms.DisbursedOn) is not { } rate)
        {
            return null;
        }

        var repaid = schedule.Sum(i => i.TotalSek);
        var (deferredInterest, deferredFees) = ScheduleCalculator.Deferred(terms);
        var regular = schedule.Where(i => i.Number > terms.GraceMonths).ToList();
        var graceMonth = terms.GraceMonths > 0 && terms.GraceType == GraceType.InterestOnly ? schedule[0].TotalSek - terms.SetUpFeeSek : 0m;
        return new Offer(regular.Count > 0 ? OwnAmount(terms, regular[0]) : 0m, repaid, repaid - terms.AmountSek, rate, schedule[0].TotalSek,
            terms.GraceMonths, graceMonth, deferredInterest, deferredFees, terms.SetUpFeeSek);
    }

    /// <summary>What an instalment asks for its own month: without the set-up fee and without what grace months deferred to it.</summary>
    public static decimal OwnAmount(LoanTerms terms, Instalment instalment)
    {
        if (instalment.Number == 1 && terms.GraceType != GraceType.NoPayment)
        {
            return instalment.TotalSek - terms.SetUpFeeSek;
        }

        if (instalment.Number != terms.GraceMonths + 1 || terms.GraceType != GraceType.NoPayment)
        {
            return instalment.TotalSek;
        }

        var (interest, fees) = ScheduleCalculator.Deferred(terms);
        return instalment.TotalSek - interest - fees - terms.SetUpFeeSek;
    }

    /// <summary>The largest amount she would pay for one month: the capacity check's figure (set-up fee and deferred amounts aside).</summary>
    public static decimal LargestInstalment(LoanTerms terms, IReadOnlyList<Instalment> schedule) => schedule.Max(i => OwnAmount(terms, i));

    /// <summary>The product's own limits, the same for a preview and an application.</summary>
    public static string? ProductLimits(LoanProduct product, decimal amount, int term, int grace)
    {
        if (amount < product.MinAmountSek || amount > product.MaxAmountSek)
        {
            return $"The product lends {product.MinAmountSek:0.00}–{product.MaxAmountSek:0.00} SEK.";
        }

        if (term < product.MinTermMonths || term > product.MaxTermMonths)
        {
            return $"The product's terms are {product.MinTermMonths}–{product.MaxTermMonths} months.";
        }

        return grace > product.MaxGraceMonths || (grace > 0 && product.GraceType == GraceType.None)
            ? product.MaxGraceMonths == 0 || product.GraceType == GraceType.None
                ? "The product has no grace months."
                : $"The product allows at most {product.MaxGraceMonths} grace months."
            : null;
    }

    /// <summary>Responsible lending: the product's limits, the plan's financing need, and her repayment capacity.</summary>
    public static string? Refusal(LoanProduct product, CreditFile file, LoanTerms terms, IReadOnlyList<Instalment> schedule,
        decimal otherInstalmentsSek)
    {
        if (ProductLimits(product, terms.AmountSek, terms.TermMonths, terms.GraceMonths) is { } limits)
        {
            return limits;
        }

        if (terms.AmountSek > file.FinancingLimitSek)
        {
            return $"Her approved business plan needs {file.FinancingLimitSek:0.00} SEK: she cannot borrow more.";
        }

        var limit = ScheduleCalculator.Ore(file.ExpectedMonthlySurplusSek * product.MaxInstalmentShareOfSurplus);
        var instalment = LargestInstalment(terms, schedule) + otherInstalmentsSek;
        return instalment > limit
            ? $"Her monthly instalments would be {instalment:0.00} SEK{(otherInstalmentsSek > 0 ? $" (with {otherInstalmentsSek:0.00} SEK on her other loans)" : "")}, " +
              $"above {product.MaxInstalmentShareOfSurplus:P0} of the expected monthly surplus of her plan ({file.ExpectedMonthlySurplusSek:0.00} SEK), " +
              $"that is {limit:0.00} SEK: it would over-indebt her. Lend less or over a longer term."
            : null;
    }

    private const string NoRate = "No effective annual rate can be computed for these terms (the EU formula has no solution between −99 % and 10 000 %): " +
                                  "the offer cannot be made.";

    private static Validation Check(decimal amount, int term, int grace, DateOnly date, string dateField) => new Validation()
        .Sek(amount, "amountSek", max: 5_000_000m)
        .Require(amount > 0, "amountSek", "Must be above zero.")
        .Require(term is >= 1 and <= 120, "termMonths", "From 1 to 120 months.")
        .Require(grace >= 0 && grace < term, "graceMonths", "From 0 to fewer than the term.")
        .Date(date, dateField);

    [WolverinePost("/api/loans/schedule-preview", Name = "PreviewSchedule")]
    [EndpointSummary("Preview a schedule and the offer (instalment, total cost, effective annual rate) before any decision")]
    [ProducesResponseType<SchedulePreview>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Preview(PreviewSchedule command, ClaimsPrincipal user, RegionOptions instance, IQuerySession session, CancellationToken ct)
    {
        var validation = Check(command.AmountSek, command.TermMonths, command.GraceMonths, command.DisbursedOn, "disbursedOn");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await LoanProductEndpoints.CurrentAsync(session, instance.Region, command.ProductCode, ct) is not { } product)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["productCode"] = ["No such product in your region."] });
        }

        if (ProductLimits(product, command.AmountSek, command.TermMonths, command.GraceMonths) is { } limits)
        {
            return Problems.Refused("Preview refused", limits);
        }

        var terms = TermsFor(product, command.AmountSek, command.TermMonths, command.GraceMonths, command.DisbursedOn);
        var schedule = ScheduleCalculator.Generate(terms);
        return OfferFor(terms, schedule) is { } offer
            ? TypedResults.Ok(new SchedulePreview(terms, schedule, offer, product.Version))
            : Problems.Refused("Preview refused", NoRate);
    }

    [WolverinePost("/api/loans", Name = "ApplyForLoan")]
    [EndpointSummary("Prepare an application: checked against the plan's financing need and her repayment capacity")]
    [ProducesResponseType<Loan>(StatusCodes.Status201Created)]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Apply(ApplyForLoan command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session, IMessageBus bus,
        TimeProvider time, CancellationToken ct)
    {
        var validation = Check(command.AmountSek, command.TermMonths, command.GraceMonths, command.AppliedOn, "appliedOn")
            .Require(command.LoanId != Guid.Empty, "loanId", "A new id you choose (a retry sends the same).");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        await session.LockAsync($"borrower:{command.ParticipantId}", ct);
        if (await session.LoadAsync<Loan>(command.LoanId, ct) is { } existing)
        {
            return existing.Region == region && existing.ParticipantId == command.ParticipantId && existing.AmountSek == command.AmountSek
                   && existing.TermMonths == command.TermMonths && existing.GraceMonths == command.GraceMonths
                   && existing.ProductCode == command.ProductCode && existing.AppliedOn == command.AppliedOn
                ? TypedResults.Ok(existing)
                : Problems.ConflictResult($"Loan {command.LoanId} already exists with other terms.");
        }

        var file = await session.LoadAsync<CreditFile>(command.ParticipantId, ct);
        if (file is null || file.Region != region)
        {
            return Problems.Refused("Application refused", "She has no approved business plan in your region: only an approved plan opens a credit file.");
        }

        if (await LoanProductEndpoints.CurrentAsync(session, region, command.ProductCode, ct) is not { } product)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["productCode"] = ["No such product in your region."] });
        }

        var terms = TermsFor(product, command.AmountSek, command.TermMonths, command.GraceMonths, command.AppliedOn);
        var schedule = ScheduleCalculator.Generate(terms);
        var others = await session.Query<Loan>()
            .Where(l => l.ParticipantId == command.ParticipantId && (l.Status == LoanStatus.Active || l.Status == LoanStatus.Approved || l.Status == LoanStatus.Applied))
            .ToListAsync(ct);
        var otherInstalments = others.Sum(l => l.Offer.FirstRegularInstalmentSek);
        var offer = OfferFor(terms, schedule);
        var borrowed = others.Sum(l => l.AmountSek);
        var refusal = Refusal(product, file, terms, schedule, otherInstalments)
                      ?? (borrowed + command.AmountSek > file.FinancingLimitSek
                          ? $"With her other loans ({borrowed:0.00} SEK) she would borrow more than her plan's financing need ({file.FinancingLimitSek:0.00} SEK)."
                          : null);
        refusal ??= offer is null ? NoRate : null;
        if (refusal is not null)
        {
            return Problems.Refused("Application refused", refusal);
        }

        var now = time.GetUtcNow();
        var applied = new LoanApplied(command.LoanId, command.ParticipantId, region, product.Code, product.Version, command.AmountSek,
            command.TermMonths, command.GraceMonths, user.StaffId(), command.AppliedOn, offer!, now);
        session.Events.StartStream<Loan>(command.LoanId, applied);
        await bus.PublishAsync(new C.LoanApplied(Guid.CreateVersion7(now), command.LoanId, command.ParticipantId, region, product.Code,
            product.Version, command.AmountSek, command.TermMonths, applied.Offer.EffectiveAnnualRatePercent, command.AppliedOn, now));
        return TypedResults.Created($"/api/loans/{command.LoanId}", Loan.Create(applied));
    }
}

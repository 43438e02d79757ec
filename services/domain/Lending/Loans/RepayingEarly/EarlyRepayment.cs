namespace NeemPlatform.Lending.Loans.RepayingEarly;

/// <summary>
/// What repaying the whole loan on <see cref="AsOf"/> costs, by component: what is overdue, the principal not yet due,
/// the interest of the current month up to that day (no interest for the months she no longer borrows), the set-up fee the
/// offer stated when no instalment has fallen due yet (<see cref="SetUpFeeSek"/>), and the compensation the product asks
/// within the law (Consumer Credit Directive art. 16: at most 1 % of the principal repaid early, 0.5 % when a year or less
/// remains, and never more than the interest she would still have paid to the agreed end; none when the product asks none).
/// </summary>
public sealed record EarlyRepaymentQuote(
    Guid LoanId, DateOnly AsOf, decimal OverdueFeesSek, decimal OverdueInterestSek, decimal OverduePrincipalSek, decimal PrincipalSek,
    decimal AccruedInterestSek, decimal CompensationSek, decimal TotalSek, int? CurrentInstalment, DateOnly? PeriodStartedOn, int DaysAccrued,
    int DaysInPeriod, decimal SetUpFeeSek = 0m);

/// <summary>Repay the whole loan: at least the quote's total on <see cref="PaidOn"/>; more is recorded as overpayment.</summary>
public sealed record RepayEarly(string Reference, decimal AmountSek, DateOnly PaidOn);

public sealed record EarlySettlement(EarlyRepaymentQuote Quote, Loan Loan, bool AlreadyRecorded);

public static class EarlyRepayment
{
    /// <summary>The quote (pure) for repaying everything on <paramref name="asOf"/>.</summary>
    public static EarlyRepaymentQuote Quote(Loan loan, DateOnly asOf, decimal compensationPercent)
    {
        var paid = Ledger.PaidBy(loan, DateOnly.MaxValue);
        InstalmentAllocation Paid(int number) => paid.GetValueOrDefault(number) ?? new InstalmentAllocation(number, 0, 0, 0);
        var schedule = loan.CurrentSchedule.OrderBy(i => i.Number).ToList();
        var due = schedule.Where(i => i.DueOn <= asOf).ToList();
        var future = schedule.Where(i => i.DueOn > asOf).ToList();
        var overdueFees = due.Sum(i => i.FeesSek - Paid(i.Number).FeesSek);
        var overdueInterest = due.Sum(i => i.InterestSek - Paid(i.Number).InterestSek);
        var overduePrincipal = due.Sum(i => i.PrincipalSek - Paid(i.Number).PrincipalSek);
        var principal = future.Sum(i => i.PrincipalSek - Paid(i.Number).PrincipalSek);
        if (future.Count == 0 || principal <= 0)
        {
            var total = overdueFees + overdueInterest + overduePrincipal;
            return new EarlyRepaymentQuote(loan.Id, asOf, overdueFees, overdueInterest, overduePrincipal, Math.Max(principal, 0), 0, 0, total, null, null, 0, 0);
        }

        // The current month: from the previous due date (or the payout) to this instalment's; its interest accrues by the day.
        var current = future[0];
        var started = due.Count > 0 ? due[^1].DueOn : loan.Terms!.DisbursedOn;
        var days = asOf.DayNumber - started.DayNumber;
        var period = current.DueOn.DayNumber - started.DayNumber;
        var toTheDay = ScheduleCalculator.Ore(current.InterestSek * days / period);
        var accrued = Math.Max(0m, toTheDay - Paid(current.Number).InterestSek);
        // The set-up fee falls due with the first instalment: repaid before that, it is still owed as the offer stated.
        var setUpFee = due.Count == 0 ? Math.Max(0m, (loan.Terms?.SetUpFeeSek ?? 0m) - Paid(current.Number).FeesSek) : 0m;
        var yearLeft = future[^1].DueOn > asOf.AddYears(1);
        var percent = Math.Min(compensationPercent, yearLeft ? 1m : 0.5m);
        // Never more than the interest of the remaining term: the rest of this month's and all of the later months'.
        var interestLeft = Math.Max(0m, future.Sum(i => i.InterestSek) - toTheDay);
        var compensation = Math.Min(ScheduleCalculator.Ore(principal * percent / 100m), interestLeft);
        return new EarlyRepaymentQuote(loan.Id, asOf, overdueFees, overdueInterest, overduePrincipal, principal, accrued, compensation,
            overdueFees + overdueInterest + overduePrincipal + principal + accrued + setUpFee + compensation, current.Number, started, days, period,
            setUpFee);
    }

    /// <summary>
    /// The events of an early repayment (pure): the payment, allocated to everything overdue and to the current
    /// instalment, which now falls due that day and holds the principal, the interest accrued and the compensation;
    /// the months after it are gone (those partly paid ahead keep what was paid); and the settlement.
    /// </summary>
    public static IReadOnlyList<ILoanEvent> Decide(Loan loan, EarlyRepaymentQuote quote, RepayEarly command, string by, Guid eventId, Guid settledId,
        DateTimeOffset now)
    {
        var paid = Ledger.PaidBy(loan, DateOnly.MaxValue);
        InstalmentAllocation Paid(int number) => paid.GetValueOrDefault(number) ?? new InstalmentAllocation(number, 0, 0, 0);
        var schedule = loan.CurrentSchedule.OrderBy(i => i.Number).ToList();
        var allocations = schedule.Where(i => i.DueOn <= command.PaidOn)
            .Select(i => new InstalmentAllocation(i.Number, i.FeesSek - Paid(i.Number).FeesSek, i.InterestSek - Paid(i.Number).InterestSek,
                i.PrincipalSek - Paid(i.Number).PrincipalSek))
            .Where(a => a.TotalSek > 0).ToList();
        var future = schedule.Where(i => i.DueOn > command.PaidOn).ToList();
        var events = new List<ILoanEvent>();
        if (quote.CurrentInstalment is { } number && future.Count > 0)
        {
            var current = future[0];
            var ahead = Paid(number);
            var closing = current with
            {
                DueOn = command.PaidOn,
                PrincipalSek = ahead.PrincipalSek + quote.PrincipalSek,
                InterestSek = ahead.InterestSek + quote.AccruedInterestSek,
                FeesSek = ahead.FeesSek + quote.SetUpFeeSek + quote.CompensationSek
            };
            allocations.Add(new InstalmentAllocation(number, quote.SetUpFeeSek + quote.CompensationSek, quote.AccruedInterestSek, quote.PrincipalSek));
            events.Add(new ScheduleReplaced(loan.Id, command.PaidOn, [closing, .. Ledger.ClosedAtPaid(future.Skip(1), paid)], "early-repayment", now));
        }

        var over = command.AmountSek - quote.TotalSek;
        events.Insert(0, new RepaymentRecorded(loan.Id, eventId, command.Reference, command.AmountSek, command.PaidOn,
            allocations.Where(a => a.TotalSek > 0).ToList(), 0m, over, by, now));
        events.Add(new LoanSettled(loan.Id, settledId, command.PaidOn, now));
        return events;
    }

    private static async Task<decimal> CompensationPercentAsync(IQuerySession session, Loan loan, CancellationToken ct) =>
        (await session.LoadAsync<LoanProduct>(LoanProduct.IdFor(loan.Region, loan.ProductCode, loan.ProductVersion), ct))
        ?.EarlyRepaymentCompensationPercent ?? 0m;

    [WolverineGet("/api/loans/{loanId}/early-repayment-quote", Name = "QuoteEarlyRepayment")]
    [EndpointSummary("What repaying the whole loan on a date costs (asOf, default today): overdue, principal, interest accrued to that day, compensation")]
    [ProducesResponseType<EarlyRepaymentQuote>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> GetQuote(Guid loanId, ClaimsPrincipal user, IQuerySession session, TimeProvider time, CancellationToken ct,
        DateOnly? asOf = null)
    {
        var validation = new Validation().Date(asOf, "asOf");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForReadingAsync(loanId, user, ct) is not { } loan)
        {
            return LoanAccess.NotFound(loanId);
        }

        var day = asOf ?? SwedishTime.DateOf(time.GetUtcNow());
        return Refusal(loan, day) is { } refusal
            ? Problems.Refused("No quote", refusal)
            : TypedResults.Ok(Quote(loan, day, await CompensationPercentAsync(session, loan, ct)));
    }

    private static string? Refusal(Loan loan, DateOnly day) =>
        loan.Status != LoanStatus.Active ? $"Only an active loan is repaid early; this one is {loan.Status}."
        : day < loan.DisbursedOn ? "The date lies before the disbursement."
        : day < (loan.Payments ?? []).Select(p => p.PaidOn).DefaultIfEmpty(DateOnly.MinValue).Max()
            ? "The date lies before the loan's last payment: quote on or after it."
            : null;

    [WolverinePost("/api/loans/{loanId}/early-repayment", Name = "RepayEarly")]
    [EndpointSummary("Repay the whole loan early: the payment covers the quote of its date, closes the loan and publishes the settlement; once per reference")]
    [ProducesResponseType<EarlySettlement>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid loanId, RepayEarly command, ClaimsPrincipal user, IDocumentSession session, IMessageBus bus,
        TimeProvider time, CancellationToken ct)
    {
        var validation = Repaying.RecordRepaymentEndpoint.Check(command.Reference, command.AmountSek, command.PaidOn);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(loanId, user, ct) is not { Aggregate: { } loan } stream)
        {
            return LoanAccess.NotFound(loanId);
        }

        var percent = await CompensationPercentAsync(session, loan, ct);
        if (loan.HasPayment(command.Reference))
        {
            return TypedResults.Ok(new EarlySettlement(Quote(loan, command.PaidOn, percent), loan, true));
        }

        if (Refusal(loan, command.PaidOn) is { } refusal)
        {
            return Problems.Refused("Early repayment refused", refusal);
        }

        var quote = Quote(loan, command.PaidOn, percent);
        if (command.AmountSek < quote.TotalSek)
        {
            return Problems.Refused("Early repayment refused",
                $"Repaying the whole loan on {command.PaidOn:yyyy-MM-dd} takes {quote.TotalSek:0.00} SEK; a smaller amount is an ordinary payment.");
        }

        var now = time.GetUtcNow();
        var events = Decide(loan, quote, command, user.StaffId(), Guid.CreateVersion7(now), Guid.CreateVersion7(now), now);
        stream.AppendMany(events);
        var after = loan.Fold(events);
        await Repaying.RecordRepaymentEndpoint.PublishAsync(bus, after, events, now);
        return TypedResults.Ok(new EarlySettlement(quote, after, false));
    }
}

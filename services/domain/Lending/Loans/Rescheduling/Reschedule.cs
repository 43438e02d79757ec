namespace NeemPlatform.Lending.Loans.Rescheduling;

/// <summary>Rescheduling a loan, decided without I/O: the preview of the new instalments, the request, the second person's approval.</summary>
public static class RescheduleDecisions
{
    public static readonly IReadOnlyList<string> Reasons = ["illness", "seasonal-income", "business-setback", "family", "other"];

    /// <summary>
    /// The new instalments (pure): the principal not yet repaid over <paramref name="months"/> instalments from the first
    /// not yet due, at the loan's rate and amortisation; what is overdue of interest and of fees is booked as interest
    /// and as fees, as the product's <paramref name="arrearsRule"/> says: spread evenly over the new instalments (the
    /// last takes the öre left) or due with the first.
    /// </summary>
    public static List<Instalment> Preview(Loan loan, int months, DateOnly on, string arrearsRule = Products.ArrearsRule.Spread)
    {
        var terms = loan.Terms!;
        var paid = Ledger.PaidBy(loan, DateOnly.MaxValue);
        var schedule = loan.CurrentSchedule;
        var open = schedule.Select(i => (i, paid: paid.GetValueOrDefault(i.Number) ?? new InstalmentAllocation(i.Number, 0, 0, 0))).ToList();
        var principal = open.Sum(x => x.i.PrincipalSek - x.paid.PrincipalSek);
        var overdue = open.Where(x => x.i.DueOn <= on).ToList();
        var overdueInterest = overdue.Sum(x => x.i.InterestSek - x.paid.InterestSek);
        var overdueFees = overdue.Sum(x => x.i.FeesSek - x.paid.FeesSek);
        var firstNumber = (schedule.Where(i => i.DueOn <= on).Select(i => i.Number).DefaultIfEmpty(0).Max()) + 1;
        var regenerated = ScheduleCalculator.Amortise(principal, ScheduleCalculator.MonthlyRate(terms.NominalAnnualRatePercent), months,
            terms.Amortisation, firstNumber, terms.DisbursedOn, terms.MonthlyFeeSek);
        if (regenerated.Count == 0)
        {
            return regenerated;
        }

        var interestParts = Parts(overdueInterest, arrearsRule == Products.ArrearsRule.DueAtOnce ? 1 : regenerated.Count);
        var feeParts = Parts(overdueFees, arrearsRule == Products.ArrearsRule.DueAtOnce ? 1 : regenerated.Count);
        return regenerated.Select((instalment, k) => instalment with
        {
            InterestSek = instalment.InterestSek + (k < interestParts.Count ? interestParts[k] : 0m),
            FeesSek = instalment.FeesSek + (k < feeParts.Count ? feeParts[k] : 0m)
        }).ToList();
    }

    /// <summary><paramref name="amount"/> in <paramref name="count"/> parts to the öre; the last takes what rounding leaves.</summary>
    public static List<decimal> Parts(decimal amount, int count)
    {
        var part = ScheduleCalculator.Ore(amount / count);
        return [.. Enumerable.Repeat(part, count - 1), amount - part * (count - 1)];
    }

    /// <summary>The proposal (pure): only an active loan is rescheduled; the answer holds the new instalments as a preview.</summary>
    public static LoanDecision DecideRequest(Loan loan, RequestReschedule command, string arrearsRule, string by, Guid requestId, DateTimeOffset now) =>
        loan.Status != LoanStatus.Active
            ? new LoanDecision.Refused("Rescheduling refused", $"Only an active loan is rescheduled; this one is {loan.Status}.")
            : new LoanDecision.Accepted([new RescheduleRequested(loan.Id, requestId, by, command.RemainingMonths, command.Reason, command.RequestedOn,
                Preview(loan, command.RemainingMonths, command.RequestedOn, arrearsRule), now)]);

    /// <summary>
    /// The approval (pure): a second person approves the pending request, not before it was made, and only while no instalment
    /// has fallen due since (the preview would be stale); the schedule is replaced from the approval, what fell due closed at what was paid.
    /// </summary>
    public static LoanDecision DecideApproval(Loan loan, Guid requestId, ApproveReschedule command, string by, Guid eventId, DateTimeOffset now) =>
        Decisions.SecondApproval<ILoanEvent>("Rescheduling", "reschedule request", requestId,
            loan.PendingReschedule is { } p ? (p.RequestId, p.RequestedBy) : null, by, () =>
            {
                var pending = loan.PendingReschedule!;
                var validation = new Validation().Date(command.ApprovedOn, "approvedOn")
                    .Require(command.ApprovedOn >= pending.RequestedOn, "approvedOn", "Not before the request.");
                if (!validation.IsValid)
                {
                    return new LoanDecision.Invalid(validation.Errors);
                }

                if (loan.CurrentSchedule.Any(i => i.DueOn > pending.RequestedOn && i.DueOn <= command.ApprovedOn))
                {
                    return new LoanDecision.Refused("Rescheduling refused", "An instalment fell due since the request: propose the new schedule again.");
                }

                return new LoanDecision.Accepted(
                [
                    new ScheduleReplaced(loan.Id, command.ApprovedOn, pending.Preview, $"rescheduled:{pending.ReasonCode}", now, CloseDueInstalments: true),
                    new LoanRescheduled(loan.Id, eventId, requestId, by, command.ApprovedOn, now)
                ]);
            });
}

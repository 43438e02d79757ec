using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.Repaying;

/// <summary>
/// A payment with its own reference (the bank's or Bankgirot's). A reference already recorded on the loan is
/// not counted again (200 with the loan as it stands). What is left after the instalments due is handled
/// as <c>excess</c> says: next-instalments (default), shorten-term or lower-instalment (a prepayment of principal).
/// </summary>
public sealed record RecordRepayment(string Reference, decimal AmountSek, DateOnly PaidOn, string Excess = Ledger.NextInstalments);

public sealed record RepaymentResult(Loan Loan, Position Position, bool AlreadyRecorded);

public static class RecordRepaymentEndpoint
{
    /// <summary>The events of a payment (pure): the allocation, a new future schedule for a prepayment, and the settlement.</summary>
    public static IReadOnlyList<ILoanEvent> Decide(Loan loan, RecordRepayment command, IReadOnlyList<string> order, string by, Guid eventId,
        Guid settledId, DateTimeOffset now)
    {
        var (allocations, prepaid, over) = Ledger.Allocate(loan, command.AmountSek, command.PaidOn, command.Excess, order);
        var events = new List<ILoanEvent>();
        if (prepaid > 0)
        {
            events.Add(new ScheduleReplaced(loan.Id, command.PaidOn, Ledger.Reamortise(loan, command.PaidOn, prepaid, command.Excess),
                $"prepayment:{command.Excess}", now));
        }

        var recorded = new RepaymentRecorded(loan.Id, eventId, command.Reference, command.AmountSek, command.PaidOn, allocations, prepaid, over, by, now);
        events.Insert(0, recorded);
        var after = loan.Fold(events);
        var paid = Ledger.PaidBy(after, DateOnly.MaxValue);
        var everythingPaid = after.CurrentSchedule.All(i => (paid.GetValueOrDefault(i.Number)?.TotalSek ?? 0) >= i.TotalSek);
        if (everythingPaid)
        {
            events.Add(new LoanSettled(loan.Id, settledId, command.PaidOn, now));
        }

        return events;
    }

    [WolverinePost("/api/loans/{loanId}/repayments", Name = "RecordRepayment")]
    [EndpointSummary("Record a payment: allocated fees → interest → principal (the product's order), once per reference")]
    [ProducesResponseType<RepaymentResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid loanId, RecordRepayment command, ClaimsPrincipal user, IDocumentSession session, IMessageBus bus,
        TimeProvider time, CancellationToken ct)
    {
        var validation = Check(command.Reference, command.AmountSek, command.PaidOn).OneOf(command.Excess, Ledger.ExcessModes, "excess");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(loanId, user, ct) is not { Aggregate: { } loan } stream)
        {
            return LoanAccess.NotFound(loanId);
        }

        if (loan.HasPayment(command.Reference))
        {
            return TypedResults.Ok(new RepaymentResult(loan, Ledger.PositionOn(loan, command.PaidOn), true));
        }

        if (loan.Status != LoanStatus.Active)
        {
            return Problems.Refused("Payment refused", loan.Status == LoanStatus.WrittenOff
                ? "The loan is written off: record the money as a recovery."
                : $"Only an active loan takes repayments; this one is {loan.Status}.");
        }

        if (command.PaidOn < loan.DisbursedOn)
        {
            return Problems.Refused("Payment refused", "The payment date lies before the disbursement.");
        }

        var product = await session.LoadAsync<Products.LoanProduct>(Products.LoanProduct.IdFor(loan.Region, loan.ProductCode, loan.ProductVersion), ct);
        var now = time.GetUtcNow();
        var events = Decide(loan, command, product?.AllocationOrder ?? Ledger.DefaultOrder, user.StaffId(), Guid.CreateVersion7(now),
            Guid.CreateVersion7(now), now);
        stream.AppendMany(events);
        var after = loan.Fold(events);
        var position = await PublishAsync(bus, after, events, now);
        return TypedResults.Ok(new RepaymentResult(after, position, false));
    }

    /// <summary>A payment's reference, amount and date, the same rules for every kind of payment.</summary>
    public static Validation Check(string? reference, decimal amount, DateOnly paidOn) => new Validation()
        .Require(!string.IsNullOrWhiteSpace(reference) && reference.Length <= 64 && reference.All(c => c is >= '!' and <= '~'),
            "reference", "The payment's own reference: 1–64 printable characters.")
        .Sek(amount, "amountSek", max: 5_000_000m)
        .Require(amount > 0, "amountSek", "Must be above zero.")
        .Date(paidOn, "paidOn");

    /// <summary>Publishes a recorded payment (and the settlement, when it settled the loan); the loan's position after it.</summary>
    public static async Task<Position> PublishAsync(IMessageBus bus, Loan after, IReadOnlyList<ILoanEvent> events, DateTimeOffset now)
    {
        var recorded = events.OfType<RepaymentRecorded>().Single();
        var position = Ledger.PositionOn(after, recorded.PaidOn);
        await bus.PublishAsync(new C.RepaymentReceived(recorded.EventId, after.Id, after.ParticipantId, after.Region, recorded.AmountSek,
            recorded.PaidOn, position.PrincipalOutstandingSek, now, position.InstalmentsPaidOnTime + position.InstalmentsPaidLate,
            position.InstalmentsPaidOnTime));
        if (events.OfType<LoanSettled>().FirstOrDefault() is { } settled)
        {
            await bus.PublishAsync(new C.LoanSettled(settled.EventId, after.Id, after.ParticipantId, after.Region, settled.SettledOn, now));
        }

        return position;
    }
}

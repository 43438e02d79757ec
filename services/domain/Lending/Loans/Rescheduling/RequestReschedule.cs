using Wolverine.Marten;

namespace NeemPlatform.Lending.Loans.Rescheduling;

/// <summary>Spread what is left of the loan over <c>remainingMonths</c> from the next due date (a preview until a second person approves).</summary>
public sealed record RequestReschedule(int RemainingMonths, string Reason, DateOnly RequestedOn);

/// <summary>A loan officer proposes a new schedule; the answer holds it as a preview, which a second person approves.</summary>
public static class RequestRescheduleEndpoint
{
    public static IResult Validate(RequestReschedule command) => new Validation()
        .Require(command.RemainingMonths is >= 1 and <= 120, "remainingMonths", "From 1 to 120.")
        .OneOf(command.Reason, RescheduleDecisions.Reasons, "reason").Date(command.RequestedOn, "requestedOn").Answer();

    [WolverinePost("/api/loans/{loanId}/reschedule-requests", Name = "RequestReschedule")]
    [EndpointSummary("Propose a new schedule with a reason: the answer is the preview; a second person approves it")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<(IResult, Events)> Post(RequestReschedule command,
        [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Loan loan, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        // Overdue interest and fees are spread or fall due at once, as the loan's product version says.
        var product = await session.LoadAsync<Products.LoanProduct>(Products.LoanProduct.IdFor(loan.Region, loan.ProductCode, loan.ProductVersion), ct);
        var now = time.GetUtcNow();
        return RescheduleDecisions.DecideRequest(loan, command, product?.ArrearsOnReschedule ?? Products.ArrearsRule.Spread, user.StaffId(),
            Guid.CreateVersion7(now), now).Outcome(loan);
    }
}

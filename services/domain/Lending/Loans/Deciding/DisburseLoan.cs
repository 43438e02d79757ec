using Wolverine.Marten;
using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.Deciding;

public sealed record DisburseLoan(DateOnly DisbursedOn);

/// <summary>A second person pays the approved loan out on its product's terms from that date; the MIS is told.</summary>
public static class DisburseLoanEndpoint
{
    public static IResult Validate(DisburseLoan command) => new Validation().Date(command.DisbursedOn, "disbursedOn").Answer();

    [WolverinePost("/api/loans/{loanId}/disbursement", Name = "DisburseLoan")]
    [EndpointSummary("Pay the loan out (a second person): its schedule starts from the disbursement date")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<(IResult, Events, OutgoingMessages)> Post(DisburseLoan command,
        [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Loan loan, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var product = await session.LoadAsync<Products.LoanProduct>(Products.LoanProduct.IdFor(loan.Region, loan.ProductCode, loan.ProductVersion), ct);
        var terms = Applying.ApplyForLoanEndpoint.TermsFor(product!, loan.AmountSek, loan.TermMonths, loan.GraceMonths, command.DisbursedOn);
        var now = time.GetUtcNow();
        return LoanDecisions.Disburse(loan, command, terms, user.StaffId(), Guid.CreateVersion7(now), now).Outcome(loan, e =>
            e is LoanDisbursed disbursed
                ? new C.LoanDisbursed(disbursed.EventId, loan.Id, loan.ParticipantId, loan.Region, loan.AmountSek, disbursed.Schedule.Count,
                    disbursed.Schedule[0].DueOn, disbursed.DisbursedOn, loan.PreparedBy, now)
                : null);
    }
}

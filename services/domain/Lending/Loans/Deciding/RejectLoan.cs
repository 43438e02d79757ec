using Wolverine.Marten;
using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.Deciding;

public sealed record RejectLoan(string Reason, DateOnly RejectedOn);

/// <summary>The application is rejected with a reason code; the MIS is told.</summary>
public static class RejectLoanEndpoint
{
    public static IResult Validate(RejectLoan command) =>
        new Validation().OneOf(command.Reason, LoanDecisions.RejectionReasons, "reason").Date(command.RejectedOn, "rejectedOn").Answer();

    [WolverinePost("/api/loans/{loanId}/rejection", Name = "RejectLoan")]
    [EndpointSummary("Reject the application, with a reason code")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static (IResult, Events, OutgoingMessages) Post(RejectLoan command,
        [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Loan loan, ClaimsPrincipal user, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return LoanDecisions.Reject(loan, command, user.StaffId(), Guid.CreateVersion7(now), now).Outcome(loan, e =>
            e is LoanRejected rejected
                ? new C.LoanRejected(rejected.EventId, loan.Id, loan.ParticipantId, loan.Region, rejected.Reason, rejected.RejectedOn, now)
                : null);
    }
}

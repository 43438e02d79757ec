using Wolverine.Marten;
using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.Deciding;

public sealed record ApproveLoan(DateOnly ApprovedOn);

/// <summary>A second person approves the application (never the one who prepared it); the MIS is told.</summary>
public static class ApproveLoanEndpoint
{
    [WolverinePost("/api/loans/{loanId}/approval", Name = "ApproveLoan")]
    [EndpointSummary("Approve the application: a second person, never the one who prepared it")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static (IResult, Events, OutgoingMessages) Post(ApproveLoan command,
        [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Loan loan, ClaimsPrincipal user, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return LoanDecisions.Approve(loan, command, user.StaffId(), Guid.CreateVersion7(now), now).Outcome(loan, e =>
            e is LoanApproved approved ? new C.LoanApproved(approved.EventId, loan.Id, loan.ParticipantId, loan.Region, approved.ApprovedOn, now) : null);
    }
}

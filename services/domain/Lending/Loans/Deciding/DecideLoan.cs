using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.Deciding;

public sealed record ApproveLoan(DateOnly ApprovedOn);

public sealed record RejectLoan(string Reason, DateOnly RejectedOn);

public sealed record DisburseLoan(DateOnly DisbursedOn);

public static class DecideLoanEndpoints
{
    public static readonly IReadOnlyList<string> RejectionReasons =
        ["repayment-capacity", "incomplete-plan", "withdrawn-by-applicant", "other-debts", "other"];

    [WolverinePost("/api/loans/{loanId}/approval", Name = "ApproveLoan")]
    [EndpointSummary("Approve the application: a second person, never the one who prepared it")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Approve(Guid loanId, ApproveLoan command, ClaimsPrincipal user, IDocumentSession session, IMessageBus bus,
        TimeProvider time, CancellationToken ct)
    {
        if (await session.ForWritingAsync(loanId, user, ct) is not { Aggregate: { } loan } stream)
        {
            return LoanAccess.NotFound(loanId);
        }

        var now = time.GetUtcNow();
        var decision = LoanDecisions.Approve(loan, command, user.StaffId(), Guid.CreateVersion7(now), now);
        if (decision is LoanDecision.Accepted { Events: [LoanApproved approved] })
        {
            await bus.PublishAsync(new C.LoanApproved(approved.EventId, loanId, loan.ParticipantId, loan.Region, approved.ApprovedOn, now));
        }

        return decision.Answer(loan, stream);
    }

    [WolverinePost("/api/loans/{loanId}/rejection", Name = "RejectLoan")]
    [EndpointSummary("Reject the application, with a reason code")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Reject(Guid loanId, RejectLoan command, ClaimsPrincipal user, IDocumentSession session, IMessageBus bus,
        TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().OneOf(command.Reason, RejectionReasons, "reason").Date(command.RejectedOn, "rejectedOn");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(loanId, user, ct) is not { Aggregate: { } loan } stream)
        {
            return LoanAccess.NotFound(loanId);
        }

        var now = time.GetUtcNow();
        var decision = LoanDecisions.Reject(loan, command, user.StaffId(), Guid.CreateVersion7(now), now);
        if (decision is LoanDecision.Accepted { Events: [LoanRejected rejected] })
        {
            await bus.PublishAsync(new C.LoanRejected(rejected.EventId, loanId, loan.ParticipantId, loan.Region, rejected.Reason, rejected.RejectedOn, now));
        }

        return decision.Answer(loan, stream);
    }

    [WolverinePost("/api/loans/{loanId}/disbursement", Name = "DisburseLoan")]
    [EndpointSummary("Pay the loan out (a second person): its schedule starts from the disbursement date")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Disburse(Guid loanId, DisburseLoan command, ClaimsPrincipal user, IDocumentSession session,
        IMessageBus bus, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().Date(command.DisbursedOn, "disbursedOn");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(loanId, user, ct) is not { Aggregate: { } loan } stream)
        {
            return LoanAccess.NotFound(loanId);
        }

        var product = await session.LoadAsync<Products.LoanProduct>(Products.LoanProduct.IdFor(loan.Region, loan.ProductCode, loan.ProductVersion), ct);
        var terms = Applying.ApplyForLoanEndpoint.TermsFor(product!, loan.AmountSek, loan.TermMonths, loan.GraceMonths, command.DisbursedOn);
        var now = time.GetUtcNow();
        var decision = LoanDecisions.Disburse(loan, command, terms, user.StaffId(), Guid.CreateVersion7(now), now);
        if (decision is LoanDecision.Accepted { Events: [LoanDisbursed disbursed] })
        {
            await bus.PublishAsync(new C.LoanDisbursed(disbursed.EventId, loanId, loan.ParticipantId, loan.Region, loan.AmountSek, disbursed.Schedule.Count,
                disbursed.Schedule[0].DueOn, disbursed.DisbursedOn, loan.PreparedBy, now));
        }

        return decision.Answer(loan, stream);
    }
}

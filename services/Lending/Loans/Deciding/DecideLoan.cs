using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeemPlatform.Hosting;
using Wolverine;
using Wolverine.Http;
using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.Deciding;

public sealed record ApproveLoan(DateOnly ApprovedOn);

public sealed record RejectLoan(string Reason, DateOnly RejectedOn);

public sealed record DisburseLoan(DateOnly DisbursedOn);

public static class DecideLoanEndpoints
{
    public static readonly IReadOnlyList<string> RejectionReasons =
        ["repayment-capacity", "incomplete-plan", "withdrawn-by-applicant", "other-debts", "other"];

    /// <summary>The four-eyes rule: who prepared the application never approves or disburses it.</summary>
    public static bool SecondPerson(Loan loan, string actor) => !string.Equals(loan.PreparedBy, actor, StringComparison.Ordinal);

    [WolverinePost("/api/loans/{loanId}/approval", Name = "ApproveLoan")]
    [Authorize(Policy = NeemPolicies.Lending)]
    [Tags("Loans")]
    [EndpointSummary("Approve the application: a second person, never the one who prepared it")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Approve(Guid loanId, ApproveLoan command, ClaimsPrincipal user, IDocumentSession session, IMessageBus bus,
        TimeProvider time, CancellationToken ct)
    {
        if (await session.ForWritingAsync(loanId, user, ct) is not { Aggregate: { } loan } stream)
        {
            return LoanAccess.NotFound(loanId);
        }

        if (!SecondPerson(loan, user.StaffId()))
        {
            return LoanAccess.FourEyes("Approval");
        }

        if (loan.Status != LoanStatus.Applied)
        {
            return loan.Status == LoanStatus.Approved && loan.ApprovedOn == command.ApprovedOn
                ? TypedResults.Ok(loan)
                : Problems.Refused("Approval refused", $"The loan is {loan.Status}.");
        }

        if (command.ApprovedOn < loan.AppliedOn)
        {
            return Problems.Refused("Approval refused", "The approval date lies before the application.");
        }

        var now = time.GetUtcNow();
        var approved = new LoanApproved(loanId, Guid.CreateVersion7(now), user.StaffId(), command.ApprovedOn, now);
        stream.AppendOne(approved);
        await bus.PublishAsync(new C.LoanApproved(approved.EventId, loanId, loan.ParticipantId, loan.Region, command.ApprovedOn, now));
        return TypedResults.Ok(Loan.Next(loan, approved));
    }

    [WolverinePost("/api/loans/{loanId}/rejection", Name = "RejectLoan")]
    [Authorize(Policy = NeemPolicies.Lending)]
    [Tags("Loans")]
    [EndpointSummary("Reject the application, with a reason code")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
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

        if (loan.Status != LoanStatus.Applied)
        {
            return loan.Status == LoanStatus.Rejected && loan.RejectionReason == command.Reason
                ? TypedResults.Ok(loan)
                : Problems.Refused("Rejection refused", $"The loan is {loan.Status}.");
        }

        var now = time.GetUtcNow();
        var rejected = new LoanRejected(loanId, Guid.CreateVersion7(now), user.StaffId(), command.Reason, command.RejectedOn, now);
        stream.AppendOne(rejected);
        await bus.PublishAsync(new C.LoanRejected(rejected.EventId, loanId, loan.ParticipantId, loan.Region, command.Reason, command.RejectedOn, now));
        return TypedResults.Ok(Loan.Next(loan, rejected));
    }

    [WolverinePost("/api/loans/{loanId}/disbursement", Name = "DisburseLoan")]
    [Authorize(Policy = NeemPolicies.Lending)]
    [Tags("Loans")]
    [EndpointSummary("Pay the loan out (a second person): its schedule starts from the disbursement date")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
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

        if (!SecondPerson(loan, user.StaffId()))
        {
            return LoanAccess.FourEyes("Disbursement");
        }

        if (loan.Status != LoanStatus.Approved)
        {
            return loan.Status == LoanStatus.Active && loan.DisbursedOn == command.DisbursedOn
                ? TypedResults.Ok(loan)
                : Problems.Refused("Disbursement refused", $"Only an approved loan is paid out; this one is {loan.Status}.");
        }

        if (command.DisbursedOn < loan.ApprovedOn)
        {
            return Problems.Refused("Disbursement refused", "The disbursement date lies before the approval.");
        }

        var product = await session.LoadAsync<Products.LoanProduct>(Products.LoanProduct.IdFor(loan.Region, loan.ProductCode, loan.ProductVersion), ct);
        var terms = Applying.ApplyForLoanEndpoint.TermsFor(product!, loan.AmountSek, loan.TermMonths, loan.GraceMonths, command.DisbursedOn);
        var schedule = ScheduleCalculator.Generate(terms);
        var now = time.GetUtcNow();
        var disbursed = new LoanDisbursed(loanId, Guid.CreateVersion7(now), user.StaffId(), command.DisbursedOn, terms, schedule, now);
        stream.AppendOne(disbursed);
        await bus.PublishAsync(new C.LoanDisbursed(disbursed.EventId, loanId, loan.ParticipantId, loan.Region, loan.AmountSek, schedule.Count,
            schedule[0].DueOn, command.DisbursedOn, loan.PreparedBy, now));
        return TypedResults.Ok(Loan.Next(loan, disbursed));
    }
}

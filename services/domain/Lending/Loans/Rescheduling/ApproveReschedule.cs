using Wolverine.Marten;
using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.Rescheduling;

public sealed record ApproveReschedule(DateOnly ApprovedOn);

/// <summary>A second person approves the pending request: the schedule is replaced, and the MIS is told.</summary>
public static class ApproveRescheduleEndpoint
{
    [WolverinePost("/api/loans/{loanId}/reschedule-requests/{requestId}/approval", Name = "ApproveReschedule")]
    [EndpointSummary("Approve the proposed schedule (a second person, not the one who proposed it)")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public static (IResult, Events, OutgoingMessages) Post(Guid requestId, ApproveReschedule command,
        [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Loan loan, ClaimsPrincipal user, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return RescheduleDecisions.DecideApproval(loan, requestId, command, user.StaffId(), Guid.CreateVersion7(now), now).Outcome(loan, e =>
            e is LoanRescheduled rescheduled
                ? new C.LoanRescheduled(rescheduled.EventId, loan.Id, loan.ParticipantId, loan.Region, loan.PendingReschedule!.Preview.Count,
                    command.ApprovedOn, now)
                : null);
    }
}

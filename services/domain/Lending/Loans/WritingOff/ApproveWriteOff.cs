using Wolverine.Marten;
using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.WritingOff;

public sealed record ApproveWriteOff(DateOnly WrittenOffOn);

/// <summary>A second person approves the pending write-off proposal; Lending tells the MIS what was written off.</summary>
public static class ApproveWriteOffEndpoint
{
    [WolverinePost("/api/loans/{loanId}/write-off-proposals/{proposalId}/approval", Name = "ApproveWriteOff")]
    [EndpointSummary("Approve the write-off (not the person who proposed it)")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public static (IResult, Events, OutgoingMessages) Post(Guid proposalId, ApproveWriteOff command,
        [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Loan loan, ClaimsPrincipal user, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return WriteOffDecisions.DecideApproval(loan, proposalId, command, user.StaffId(), Guid.CreateVersion7(now), now).Outcome(loan, e =>
            e is LoanWrittenOff writtenOff
                ? new C.LoanWrittenOff(writtenOff.EventId, loan.Id, loan.ParticipantId, loan.Region, writtenOff.AmountSek, writtenOff.WrittenOffOn, now)
                : null);
    }
}

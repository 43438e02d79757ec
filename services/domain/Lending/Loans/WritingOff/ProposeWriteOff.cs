using Wolverine.Marten;

namespace NeemPlatform.Lending.Loans.WritingOff;

public sealed record ProposeWriteOff(string Reason, DateOnly ProposedOn);

/// <summary>
/// A loan officer proposes writing the loan off; a second person approves it. Wolverine's aggregate workflow: the fields are
/// checked, the loan is loaded with its stream locked (one decision at a time per loan), the pure decider decides, and
/// Wolverine appends what it returns.
/// </summary>
public static class ProposeWriteOffEndpoint
{
    public static IResult Validate(ProposeWriteOff command) =>
        new Validation().OneOf(command.Reason, WriteOffDecisions.Reasons, "reason").Date(command.ProposedOn, "proposedOn").Answer();

    [WolverinePost("/api/loans/{loanId}/write-off-proposals", Name = "ProposeWriteOff")]
    [EndpointSummary("Propose writing the loan off, with a reason (a second person approves)")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static (IResult, Events) Post(ProposeWriteOff command, [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Loan loan, ClaimsPrincipal user, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return WriteOffDecisions.DecideProposal(loan, command, user.StaffId(), Guid.CreateVersion7(now), now).Outcome(loan);
    }
}

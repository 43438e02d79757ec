using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.WritingOff;

public sealed record ProposeWriteOff(string Reason, DateOnly ProposedOn);

public sealed record ApproveWriteOff(DateOnly WrittenOffOn);

/// <summary>Money received on a written-off loan: never more, in all, than the amount written off.</summary>
public sealed record RecordRecovery(string Reference, decimal AmountSek, DateOnly ReceivedOn);

public static class WriteOffEndpoints
{
    public static readonly IReadOnlyList<string> Reasons = ["business-closed", "deceased", "untraceable", "insolvency", "other"];

    /// <summary>What is written off: the principal not repaid plus interest and fees fallen due and not paid.</summary>
    public static decimal AmountToWriteOff(Loan loan, DateOnly on)
    {
        var position = Ledger.PositionOn(loan, on);
        var paid = Ledger.PaidBy(loan, on);
        var dueCharges = Ledger.ScheduleOn(loan, on).Where(i => i.DueOn <= on)
            .Sum(i => i.InterestSek + i.FeesSek - (paid.GetValueOrDefault(i.Number) is { } p ? p.InterestSek + p.FeesSek : 0));
        return position.PrincipalOutstandingSek + dueCharges;
    }

    /// <summary>The recovery (pure): a reference seen before is nothing new; more than what is left of the write-off is refused.</summary>
    public static LoanDecision DecideRecovery(Loan loan, RecordRecovery command, Guid eventId, DateTimeOffset now)
    {
        if ((loan.RecoveryReferences ?? []).Contains(command.Reference))
        {
            return new LoanDecision.AlreadyDone();
        }

        if (loan.Status != LoanStatus.WrittenOff)
        {
            return new LoanDecision.Refused("Recovery refused", "Only a written-off loan takes recoveries; record a repayment instead.");
        }

        var left = loan.WrittenOffSek - loan.RecoveredSek;
        return command.AmountSek > left
            ? new LoanDecision.Refused("Recovery refused", $"At most {left:0.00} SEK is left to recover of the {loan.WrittenOffSek:0.00} SEK written off.")
            : new LoanDecision.Accepted([new RecoveryRecorded(loan.Id, eventId, command.Reference, command.AmountSek, command.ReceivedOn, now)]);
    }

    /// <summary>The proposal (pure): only an active loan is written off.</summary>
    public static LoanDecision DecideProposal(Loan loan, ProposeWriteOff command, string by, Guid proposalId, DateTimeOffset now) =>
        loan.Status != LoanStatus.Active
            ? new LoanDecision.Refused("Write-off refused", $"Only an active loan is written off; this one is {loan.Status}.")
            : new LoanDecision.Accepted([new WriteOffProposed(loan.Id, proposalId, by, command.Reason, command.ProposedOn, now)]);

    /// <summary>The approval (pure): a second person approves the pending proposal; what is written off is what is owed that day.</summary>
    public static LoanDecision DecideApproval(Loan loan, Guid proposalId, ApproveWriteOff command, string by, Guid eventId, DateTimeOffset now) =>
        LoanDecision.SecondApproval("Writing off", "write-off proposal", proposalId,
            loan.PendingWriteOff is { } p ? (p.ProposalId, p.ProposedBy) : null, by,
            () => new LoanDecision.Accepted([new LoanWrittenOff(loan.Id, eventId, proposalId, by, command.WrittenOffOn, AmountToWriteOff(loan, command.WrittenOffOn), now)]));

    [WolverinePost("/api/loans/{loanId}/write-off-proposals", Name = "ProposeWriteOff")]
    [EndpointSummary("Propose writing the loan off, with a reason (a second person approves)")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Propose(Guid loanId, ProposeWriteOff command, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().OneOf(command.Reason, Reasons, "reason").Date(command.ProposedOn, "proposedOn");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(loanId, user, ct) is not { Aggregate: { } loan } stream)
        {
            return LoanAccess.NotFound(loanId);
        }

        var now = time.GetUtcNow();
        return DecideProposal(loan, command, user.StaffId(), Guid.CreateVersion7(now), now).Answer(loan, stream);
    }

    [WolverinePost("/api/loans/{loanId}/write-off-proposals/{proposalId}/approval", Name = "ApproveWriteOff")]
    [EndpointSummary("Approve the write-off (not the person who proposed it)")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public static async Task<IResult> Approve(Guid loanId, Guid proposalId, ApproveWriteOff command, ClaimsPrincipal user,
        IDocumentSession session, IMessageBus bus, TimeProvider time, CancellationToken ct)
    {
        if (await session.ForWritingAsync(loanId, user, ct) is not { Aggregate: { } loan } stream)
        {
            return Problems.NotFound("write-off proposal", proposalId);
        }

        var now = time.GetUtcNow();
        var decision = DecideApproval(loan, proposalId, command, user.StaffId(), Guid.CreateVersion7(now), now);
        if (decision is LoanDecision.Accepted { Events: [LoanWrittenOff writtenOff] })
        {
            await bus.PublishAsync(new C.LoanWrittenOff(writtenOff.EventId, loanId, loan.ParticipantId, loan.Region, writtenOff.AmountSek,
                writtenOff.WrittenOffOn, now));
        }

        return decision.Answer(loan, stream);
    }

    [WolverinePost("/api/loans/{loanId}/recoveries", Name = "RecordRecovery")]
    [EndpointSummary("Record money recovered after a write-off: never more than was written off, once per reference")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Recover(Guid loanId, RecordRecovery command, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation()
            .Require(!string.IsNullOrWhiteSpace(command.Reference) && command.Reference.Length <= 64 && command.Reference.All(c => c is >= '!' and <= '~'),
                "reference", "The payment's own reference: 1–64 printable characters.")
            .Sek(command.AmountSek, "amountSek", max: 5_000_000m).Require(command.AmountSek > 0, "amountSek", "Must be above zero.")
            .Date(command.ReceivedOn, "receivedOn");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(loanId, user, ct) is not { Aggregate: { } loan } stream)
        {
            return LoanAccess.NotFound(loanId);
        }

        var now = time.GetUtcNow();
        return DecideRecovery(loan, command, Guid.CreateVersion7(now), now).Answer(loan, stream);
    }
}

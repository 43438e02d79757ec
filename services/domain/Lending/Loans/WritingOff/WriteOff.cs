namespace NeemPlatform.Lending.Loans.WritingOff;

/// <summary>Writing a loan off, decided without I/O: the proposal, the second person's approval, and recoveries after it.</summary>
public static class WriteOffDecisions
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
        Decisions.SecondApproval<ILoanEvent>("Writing off", "write-off proposal", proposalId,
            loan.PendingWriteOff is { } p ? (p.ProposalId, p.ProposedBy) : null, by,
            () => new LoanDecision.Accepted([new LoanWrittenOff(loan.Id, eventId, proposalId, by, command.WrittenOffOn, AmountToWriteOff(loan, command.WrittenOffOn), now)]));
}

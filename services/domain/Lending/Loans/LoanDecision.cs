global using LoanDecision = NeemPlatform.Hosting.Decision<NeemPlatform.Lending.Loans.ILoanEvent>;
using Wolverine.Marten;

namespace NeemPlatform.Lending.Loans;

/// <summary>A loan's decision (the shared <see cref="Decision{TEvent}"/> shape) as an endpoint answers it: with the loan after its events.</summary>
public static class LoanDecisionAnswers
{
    private static Loan Fold(Loan loan, IReadOnlyList<ILoanEvent> events) => loan.Fold(events);

    /// <summary>The events appended to the loan's stream and the loan after them, the loan as it is, or the problem.</summary>
    public static IResult Answer(this LoanDecision decision, Loan loan, IEventStream<Loan> stream)
    {
        if (decision is LoanDecision.Accepted accepted)
        {
            stream.AppendMany(accepted.Events);
        }

        return decision.Answer(loan, Fold);
    }

    /// <summary>For Wolverine's aggregate workflow: the answer and the events for Wolverine to append.</summary>
    public static (IResult, Events) Outcome(this LoanDecision decision, Loan loan) => decision.Outcome(loan, Fold);

    /// <summary>As <see cref="Outcome(LoanDecision, Loan)"/>, and the messages <paramref name="tell"/> makes of the events.</summary>
    public static (IResult, Events, OutgoingMessages) Outcome(this LoanDecision decision, Loan loan, Func<ILoanEvent, object?> tell) =>
        decision.Outcome(loan, Fold, tell);
}

/// <summary>The decisions on an application: approval, rejection, disbursement.</summary>
public static class LoanDecisions
{
    public static readonly IReadOnlyList<string> RejectionReasons =
        ["repayment-capacity", "incomplete-plan", "withdrawn-by-applicant", "other-debts", "other"];

    /// <summary>The four-eyes rule: who prepared the application never approves or disburses it.</summary>
    public static bool SecondPerson(Loan loan, string actor) => !string.Equals(loan.PreparedBy, actor, StringComparison.Ordinal);

    public static LoanDecision Approve(Loan loan, ApproveLoan command, string by, Guid eventId, DateTimeOffset now)
    {
        if (!SecondPerson(loan, by))
        {
            return new LoanDecision.SecondPersonRequired("Approval");
        }

        if (loan.Status != LoanStatus.Applied)
        {
            return loan.Status == LoanStatus.Approved && loan.ApprovedOn == command.ApprovedOn
                ? new LoanDecision.AlreadyDone()
                : new LoanDecision.Refused("Approval refused", $"The loan is {loan.Status}.");
        }

        return command.ApprovedOn < loan.AppliedOn
            ? new LoanDecision.Refused("Approval refused", "The approval date lies before the application.")
            : new LoanDecision.Accepted([new LoanApproved(loan.Id, eventId, by, command.ApprovedOn, now)]);
    }

    public static LoanDecision Reject(Loan loan, RejectLoan command, string by, Guid eventId, DateTimeOffset now)
    {
        if (loan.Status != LoanStatus.Applied)
        {
            return loan.Status == LoanStatus.Rejected && loan.RejectionReason == command.Reason
                ? new LoanDecision.AlreadyDone()
                : new LoanDecision.Refused("Rejection refused", $"The loan is {loan.Status}.");
        }

        return new LoanDecision.Accepted([new LoanRejected(loan.Id, eventId, by, command.Reason, command.RejectedOn, now)]);
    }

    /// <summary>Pays the loan out on <paramref name="terms"/> (the product's terms from the disbursement date): its schedule starts there.</summary>
    public static LoanDecision Disburse(Loan loan, DisburseLoan command, LoanTerms terms, string by, Guid eventId, DateTimeOffset now)
    {
        if (!SecondPerson(loan, by))
        {
            return new LoanDecision.SecondPersonRequired("Disbursement");
        }

        if (loan.Status != LoanStatus.Approved)
        {
            return loan.Status == LoanStatus.Active && loan.DisbursedOn == command.DisbursedOn
                ? new LoanDecision.AlreadyDone()
                : new LoanDecision.Refused("Disbursement refused", $"Only an approved loan is paid out; this one is {loan.Status}.");
        }

        return command.DisbursedOn < loan.ApprovedOn
            ? new LoanDecision.Refused("Disbursement refused", "The disbursement date lies before the approval.")
            : new LoanDecision.Accepted([new LoanDisbursed(loan.Id, eventId, by, command.DisbursedOn, terms, ScheduleCalculator.Generate(terms), now)]);
    }
}

using Wolverine.Marten;

namespace NeemPlatform.Lending.Loans;

/// <summary>
/// What a loan's decider answers a command, with no I/O: the events to record, a refusal, or that the same command was
/// already carried out (a retry, answered with the loan as it is).
/// </summary>
public abstract record LoanDecision
{
    private LoanDecision()
    {
    }

    /// <summary>Record <paramref name="Events"/>, in order.</summary>
    public sealed record Accepted(IReadOnlyList<ILoanEvent> Events) : LoanDecision;

    /// <summary>Refused: <paramref name="Detail"/> says why in words (422).</summary>
    public sealed record Refused(string Title, string Detail) : LoanDecision;

    /// <summary>Refused by the four-eyes rule: who prepared the application never approves or pays it out (403).</summary>
    public sealed record SecondPersonRequired(string What) : LoanDecision;

    /// <summary>The same command was carried out before: nothing more to record.</summary>
    public sealed record AlreadyDone : LoanDecision;

    /// <summary>No pending <paramref name="What"/> with this id (404).</summary>
    public sealed record NotFound(string What, Guid Id) : LoanDecision;

    /// <summary>Fields that are wrong for this loan, each named (400).</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : LoanDecision;

    /// <summary>
    /// The second step of a four-eyes decision: the pending proposal with this id, approved by someone other than the one who
    /// proposed it; then <paramref name="approve"/> decides.
    /// </summary>
    public static LoanDecision SecondApproval(string what, string proposal, Guid id, (Guid Id, string By)? pending, string by, Func<LoanDecision> approve)
    {
        if (pending is not { } p || p.Id != id)
        {
            return new NotFound(proposal, id);
        }

        return p.By == by ? new SecondPersonRequired(what) : approve();
    }
}

/// <summary>A decision as an endpoint answers it.</summary>
public static class LoanDecisionAnswers
{
    /// <summary>
    /// For Wolverine's aggregate workflow: the answer, and the events for Wolverine to append to the loan's stream (none when
    /// the decision records nothing) in the same transaction as the messages the endpoint sends.
    /// </summary>
    public static (IResult, Events) Outcome(this LoanDecision decision, Loan loan)
    {
        var events = new Events();
        if (decision is LoanDecision.Accepted accepted)
        {
            events.AddRange(accepted.Events);
        }

        return (decision.AnswerWith(loan), events);
    }

    /// <summary>As <see cref="Outcome(LoanDecision, Loan)"/>, and what <paramref name="tell"/> makes of each event to record (null: nothing).</summary>
    public static (IResult, Events, OutgoingMessages) Outcome(this LoanDecision decision, Loan loan, Func<ILoanEvent, object?> tell)
    {
        var (answer, events) = decision.Outcome(loan);
        var messages = new OutgoingMessages();
        messages.AddRange(events.OfType<ILoanEvent>().Select(tell).OfType<object>());
        return (answer, events, messages);
    }

    /// <summary>The events appended to the loan's stream and the loan after them, the loan as it is, or the problem.</summary>
    public static IResult Answer(this LoanDecision decision, Loan loan, IEventStream<Loan> stream)
    {
        if (decision is LoanDecision.Accepted accepted)
        {
            stream.AppendMany(accepted.Events);
        }

        return decision.AnswerWith(loan);
    }

    /// <summary>The loan after the accepted events, the loan as it is, or the problem.</summary>
    private static IResult AnswerWith(this LoanDecision decision, Loan loan)
    {
        switch (decision)
        {
            case LoanDecision.Accepted accepted:
                return TypedResults.Ok(loan.Fold(accepted.Events));
            case LoanDecision.AlreadyDone:
                return TypedResults.Ok(loan);
            case LoanDecision.SecondPersonRequired second:
                return LoanAccess.FourEyes(second.What);
            case LoanDecision.Refused refused:
                return Problems.Refused(refused.Title, refused.Detail);
            case LoanDecision.NotFound missing:
                return Problems.NotFound(missing.What, missing.Id);
            case LoanDecision.Invalid invalid:
                return Problems.Invalid(invalid.Errors);
            default:
                throw new InvalidOperationException($"Unknown decision {decision.GetType().Name}.");
        }
    }
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

namespace NeemPlatform.Lending.Loans.Contacting;

/// <summary>
/// A contact with the borrower about her loan (a call, a letter, a meeting), as codes: how, what came of it, and a promised payment
/// date. No free text, so nothing she said or anything that names her ends up in the loan's events. The id is the client's: a
/// contact sent twice is recorded once.
/// </summary>
public sealed record RecordContact(Guid ContactId, string Channel, string Outcome, DateOnly ContactedOn, DateOnly? PromisedOn = null);

public static class RecordContactEndpoint
{
    public static readonly IReadOnlyList<string> Channels = ["phone", "sms", "e-mail", "letter", "meeting"];

    public static readonly IReadOnlyList<string> Outcomes = ["reached", "no-answer", "promise-to-pay", "hardship", "disputed", "wrong-details"];

    /// <summary>The contact (pure), nothing when this contact is already on the loan, or why not.</summary>
    public static object Decide(Loan loan, RecordContact command, string staffId, DateOnly today, DateTimeOffset now)
    {
        if ((loan.Contacts ?? []).Any(c => c.ContactId == command.ContactId))
        {
            return Array.Empty<object>();
        }

        if (loan.Status is not (LoanStatus.Active or LoanStatus.WrittenOff))
        {
            return $"Contacts are recorded on a loan being repaid or written off; this one is {loan.Status}.";
        }

        if (command.ContactedOn > today)
        {
            return "A contact is recorded when it happened, not before.";
        }

        return command.ContactedOn < loan.DisbursedOn
            ? "The loan was paid out after that date."
            : new BorrowerContacted(loan.Id, command.ContactId, staffId, command.Channel, command.Outcome, command.ContactedOn, command.PromisedOn, now);
    }

    [WolverinePost("/api/loans/{loanId}/contacts", Name = "RecordContact")]
    [EndpointSummary("Record a contact with the borrower (channel, outcome, a promised payment date); the same contact id again is recorded once")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid loanId, RecordContact command, ClaimsPrincipal user, IDocumentSession session, TimeProvider time,
        CancellationToken ct)
    {
        var validation = new Validation()
            .Require(command.ContactId != Guid.Empty, "contactId", "A new id for this contact (a retry sends the same one).")
            .OneOf(command.Channel, Channels, "channel")
            .OneOf(command.Outcome, Outcomes, "outcome")
            .Date(command.ContactedOn, "contactedOn")
            .Date(command.PromisedOn, "promisedOn")
            .Require((command.Outcome == "promise-to-pay") == (command.PromisedOn is not null), "promisedOn",
                "The date she promised to pay: given with a promise to pay, and only then.")
            .Require(command.PromisedOn is null || command.PromisedOn >= command.ContactedOn, "promisedOn", "On or after the contact.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(loanId, user, ct) is not { Aggregate: { } loan } stream)
        {
            return LoanAccess.NotFound(loanId);
        }

        var now = time.GetUtcNow();
        switch (Decide(loan, command, user.StaffId(), SwedishTime.DateOf(now), now))
        {
            case string refusal:
                return Problems.Refused("Contact refused", refusal);
            case BorrowerContacted contacted:
                stream.AppendOne(contacted);
                return TypedResults.Ok(Loan.Next(loan, contacted));
            default:
                return TypedResults.Ok(loan);
        }
    }
}

using Wolverine.Marten;

namespace NeemPlatform.Lending.Loans.WritingOff;

/// <summary>Money received on a written-off loan: never more, in all, than the amount written off.</summary>
public sealed record RecordRecovery(string Reference, decimal AmountSek, DateOnly ReceivedOn);

/// <summary>A recovery after a write-off, once per payment reference.</summary>
public static class RecordRecoveryEndpoint
{
    public static IResult Validate(RecordRecovery command) => new Validation()
        .Require(!string.IsNullOrWhiteSpace(command.Reference) && command.Reference.Length <= 64 && command.Reference.All(c => c is >= '!' and <= '~'),
            "reference", "The payment's own reference: 1–64 printable characters.")
        .Sek(command.AmountSek, "amountSek", max: 5_000_000m).Require(command.AmountSek > 0, "amountSek", "Must be above zero.")
        .Date(command.ReceivedOn, "receivedOn").Answer();

    [WolverinePost("/api/loans/{loanId}/recoveries", Name = "RecordRecovery")]
    [EndpointSummary("Record money recovered after a write-off: never more than was written off, once per reference")]
    [ProducesResponseType<Loan>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static (IResult, Events) Post(RecordRecovery command,
        [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Loan loan, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return WriteOffDecisions.DecideRecovery(loan, command, Guid.CreateVersion7(now), now).Outcome(loan);
    }
}

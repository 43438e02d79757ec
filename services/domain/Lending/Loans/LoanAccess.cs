namespace NeemPlatform.Lending.Loans;

/// <summary>Loan officers reach their own region's loans only (another region's answer 404); four-eyes refusals are 403.</summary>
public static class LoanAccess
{
    /// <summary>One change at a time per loan: concurrent payments queue instead of failing, and each sees the last.</summary>
    public static async Task<IEventStream<Loan>?> ForWritingAsync(this IDocumentSession session, Guid loanId, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var stream = await session.FetchForExclusiveWritingAsync<Loan>(loanId, ct);
        return stream.Aggregate is { } loan && loan.Region == user.StaffRegion() ? stream : null;
    }

    public static async Task<Loan?> ForReadingAsync(this IQuerySession session, Guid loanId, ClaimsPrincipal user, CancellationToken ct) =>
        await session.LoadAsync<Loan>(loanId, ct) is { } loan && loan.Region == user.StaffRegion() ? loan : null;

    public static IResult NotFound(Guid loanId) => Problems.NotFound("loan", loanId);
}

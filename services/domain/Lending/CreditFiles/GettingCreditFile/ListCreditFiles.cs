namespace NeemPlatform.Lending.CreditFiles.GettingCreditFile;

/// <summary>A credit file as the loan officers' desk lists it: her financing limit and repayment capacity, and her loans so far.</summary>
public sealed record CreditFileLine(Guid ParticipantId, DateOnly OpenedOn, decimal FinancingLimitSek, decimal ExpectedMonthlySurplusSek,
    int OpenLoans, int Loans);

public sealed record CreditFilePage(IReadOnlyList<CreditFileLine> CreditFiles, int Page, int PageSize, int Total);

public static class ListCreditFilesEndpoint
{
    [WolverineGet("/api/credit-files", Name = "ListCreditFiles")]
    [EndpointSummary("The region's credit files, newest first (an approved business plan opens one): where applications start")]
    [ProducesResponseType<CreditFilePage>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(RegionOptions instance, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var validation = new Validation()
            .Require(page is >= 1 and <= 100_000, "page", "From 1.")
            .Require(pageSize is >= 1 and <= 200, "pageSize", "Between 1 and 200.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        var query = session.Query<CreditFile>().Where(f => f.Region == region);
        var total = await query.CountAsync(ct);
        var files = await query.OrderByDescending(f => f.OpenedOn).ThenBy(f => f.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = files.Select(f => f.Id).ToArray();
        var loans = ids.Length == 0 ? [] : await session.Query<Loan>().Where(l => l.Region == region && ids.Contains(l.ParticipantId)).ToListAsync(ct);
        bool Open(Loan l) => l.Status is LoanStatus.Applied or LoanStatus.Approved or LoanStatus.Active;
        return TypedResults.Ok(new CreditFilePage(files.Select(f => new CreditFileLine(f.Id, f.OpenedOn, f.FinancingLimitSek, f.ExpectedMonthlySurplusSek,
            loans.Count(l => l.ParticipantId == f.Id && Open(l)), loans.Count(l => l.ParticipantId == f.Id))).ToList(), page, pageSize, total));
    }
}

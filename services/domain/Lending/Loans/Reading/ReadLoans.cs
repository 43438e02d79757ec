namespace NeemPlatform.Lending.Loans.Reading;

/// <summary>A loan with its current schedule and its position on a date.</summary>
public sealed record LoanView(Loan Loan, IReadOnlyList<Instalment> Schedule, Position Position);

/// <summary>
/// A loan's milestones as her advisor sees them in her journey: what was asked, decided and paid out, and how it ended,
/// with dates and who acted. No ledger: payments, arrears and balances are the loan officers' business.
/// </summary>
public sealed record LoanMilestones(
    Guid LoanId,
    string ProductCode,
    decimal AmountSek,
    int TermMonths,
    string Status,
    DateOnly AppliedOn,
    string PreparedBy,
    DateOnly? ApprovedOn,
    string? ApprovedBy,
    DateOnly? RejectedOn,
    DateOnly? DisbursedOn,
    string? DisbursedBy,
    int Reschedulings,
    DateOnly? SettledOn,
    DateOnly? WrittenOffOn)
{
    public static LoanMilestones Of(Loan l) => new(l.Id, l.ProductCode, l.AmountSek, l.TermMonths, l.Status, l.AppliedOn, l.PreparedBy,
        l.ApprovedOn, l.ApprovedBy, l.RejectedOn, l.DisbursedOn, l.DisbursedBy, l.Reschedulings, l.SettledOn, l.WrittenOffOn);
}

/// <summary>
/// One line of the loan officers' list: the loan, its state and bucket, and what waits for a second officer (an application, a
/// rescheduling or a write-off) with who prepared it: that officer may not approve it.
/// </summary>
public sealed record LoanSummary(Guid LoanId, Guid ParticipantId, string ProductCode, decimal AmountSek, int TermMonths, string Status,
    DateOnly AppliedOn, string PreparedBy, string? ApprovedBy, DateOnly? DisbursedOn, string Bucket, string? AwaitingSecondOfficer,
    string? AwaitingFrom)
{
    public static LoanSummary Of(Loan l) => new(l.Id, l.ParticipantId, l.ProductCode, l.AmountSek, l.TermMonths, l.Status, l.AppliedOn, l.PreparedBy,
        l.ApprovedBy, l.DisbursedOn, l.Bucket,
        l.Status == LoanStatus.Applied ? "application" : l.PendingReschedule is not null ? "reschedule" : l.PendingWriteOff is not null ? "write-off" : null,
        l.Status == LoanStatus.Applied ? l.PreparedBy : l.PendingReschedule?.RequestedBy ?? l.PendingWriteOff?.ProposedBy);
}

/// <summary>A page of loans: how many match in all, and this page of them.</summary>
public sealed record LoanPage(IReadOnlyList<LoanSummary> Loans, int Page, int PageSize, int Total);

public static class ReadLoanEndpoints
{
    public static readonly IReadOnlyList<string> Statuses =
        [LoanStatus.Applied, LoanStatus.Approved, LoanStatus.Active, LoanStatus.Settled, LoanStatus.Rejected, LoanStatus.WrittenOff];

    [WolverineGet("/api/loans", Name = "ListLoans")]
    [EndpointSummary("The region's loans, newest first: by status, by officer (who prepared, approved or paid out), what waits for a second officer, or in arrears")]
    [ProducesResponseType<LoanPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(RegionOptions instance, IQuerySession session, CancellationToken ct, string? status = null,
        string? officer = null, bool awaitingSecondOfficer = false, bool inArrears = false, int page = 1, int pageSize = 50)
    {
        var validation = new Validation()
            .Require(status is null || Statuses.Contains(status), "status", $"One of: {string.Join(", ", Statuses)}, or left out.")
            .Require(officer is null || Validation.IsStaffId(officer), "officer", "A staff id: 1–100 letters a–z, digits and . - _ @.")
            .Require(page is >= 1 and <= 100_000, "page", "From 1.")
            .Require(pageSize is >= 1 and <= 200, "pageSize", "Between 1 and 200.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        var query = session.Query<Loan>().Where(l => l.Region == region);
        if (status is not null)
        {
            query = query.Where(l => l.Status == status);
        }

        if (officer is not null)
        {
            query = query.Where(l => l.PreparedBy == officer || l.ApprovedBy == officer || l.DisbursedBy == officer);
        }

        if (awaitingSecondOfficer)
        {
            query = query.Where(l => l.Status == LoanStatus.Applied || l.PendingReschedule != null || l.PendingWriteOff != null);
        }

        if (inArrears)
        {
            query = query.Where(l => l.Status == LoanStatus.Active && l.Bucket != "current");
        }

        var total = await query.CountAsync(ct);
        var loans = await query.OrderByDescending(l => l.AppliedOn).ThenBy(l => l.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new LoanPage(loans.Select(LoanSummary.Of).ToList(), page, pageSize, total));
    }

    [WolverineGet("/api/loans/{loanId}", Name = "GetLoan")]
    [EndpointSummary("A loan, its schedule and its position on a date (asOf, default today): outstanding, days past due, bucket")]
    [ProducesResponseType<LoanView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid loanId, ClaimsPrincipal user, IQuerySession session, TimeProvider time, CancellationToken ct,
        DateOnly? asOf = null)
    {
        if (await session.ForReadingAsync(loanId, user, ct) is not { } loan)
        {
            return LoanAccess.NotFound(loanId);
        }

        var day = asOf ?? SwedishTime.DateOf(time.GetUtcNow());
        return TypedResults.Ok(new LoanView(loan, Ledger.ScheduleOn(loan, day), Ledger.PositionOn(loan, day)));
    }

    [WolverineGet("/api/participants/{participantId}/loans", Name = "GetParticipantLoans")]
    [EndpointSummary("Her loans in your region")]
    [ProducesResponseType<IReadOnlyList<Loan>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<Loan>> ForParticipant(Guid participantId, ClaimsPrincipal user, RegionOptions instance, IQuerySession session, CancellationToken ct)
    {
        var region = instance.Region;
        return await session.Query<Loan>().Where(l => l.ParticipantId == participantId && l.Region == region)
            .OrderBy(l => l.AppliedOn).ToListAsync(ct);
    }

    [WolverineGet("/api/participants/{participantId}/loan-milestones", Name = "GetParticipantLoanMilestones")]
    [Authorize(Policy = NeemPolicies.ParticipantWork)]
    [EndpointSummary("Her loans' milestones for her journey (applied, decided, paid out, repaid or written off), without the ledger")]
    [ProducesResponseType<IReadOnlyList<LoanMilestones>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<LoanMilestones>> Milestones(Guid participantId, RegionOptions instance, IQuerySession session,
        CancellationToken ct)
    {
        var region = instance.Region;
        var loans = await session.Query<Loan>().Where(l => l.ParticipantId == participantId && l.Region == region)
            .OrderBy(l => l.AppliedOn).ToListAsync(ct);
        return loans.Select(LoanMilestones.Of).ToList();
    }
}

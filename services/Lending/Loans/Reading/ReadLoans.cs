using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeemPlatform.Hosting;
using Wolverine.Http;

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

public static class ReadLoanEndpoints
{
    [WolverineGet("/api/loans/{loanId}", Name = "GetLoan")]
    [Authorize(Policy = NeemPolicies.Lending)]
    [Tags("Loans")]
    [EndpointSummary("A loan, its schedule and its position on a date (asOf, default today): outstanding, days past due, bucket")]
    [ProducesResponseType<LoanView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
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
    [Authorize(Policy = NeemPolicies.Lending)]
    [Tags("Loans")]
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
    [Tags("Loans")]
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

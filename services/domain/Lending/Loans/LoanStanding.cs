namespace NeemPlatform.Lending.Loans;

/// <summary>Principal repaid on a day (the sum of that day's payments).</summary>
public sealed record PrincipalRepayment(DateOnly On, decimal Sek);

/// <summary>
/// The few figures of a loan that the arrears worklist and the portfolio read for every loan of a region: who prepared
/// it, its milestones, the principal repaid day by day, and the due date of the first instalment not paid in full.
/// It is kept in the loan's stored snapshot (<see cref="Loan.Standing"/>), so a region's worklist reads a small part of
/// each loan instead of its schedules and payments.
/// <para>
/// The outstanding principal is exact on any date. Days past due are exact from <see cref="ExactFrom"/> on (the last
/// payment or schedule change): before it, a later payment or schedule would change the answer, and the caller asks the
/// loan's whole ledger (<see cref="Ledger.PositionOn"/>). Due dates rise with the instalment's number, so the first open
/// instalment is also the oldest.
/// </para>
/// </summary>
public sealed record LoanStanding(
    Guid LoanId, string PreparedBy, decimal AmountSek, DateOnly? DisbursedOn, DateOnly? SettledOn, DateOnly? WrittenOffOn, decimal WrittenOffSek,
    DateOnly? FirstOpenDueOn, DateOnly ExactFrom, IReadOnlyList<PrincipalRepayment> Repaid)
{
    public static LoanStanding Of(Loan loan)
    {
        var payments = loan.Payments ?? [];
        var repaid = payments.GroupBy(p => p.PaidOn).OrderBy(g => g.Key)
            .Select(g => new PrincipalRepayment(g.Key, g.Sum(p => p.Allocations.Sum(a => a.PrincipalSek) + p.PrepaidPrincipalSek)))
            .Where(r => r.Sek != 0).ToList();
        var paid = Ledger.PaidBy(loan, DateOnly.MaxValue);
        var firstOpen = loan.CurrentSchedule.OrderBy(i => i.Number)
            .FirstOrDefault(i => i.TotalSek - (paid.GetValueOrDefault(i.Number)?.TotalSek ?? 0m) > 0);
        var exactFrom = new[]
        {
            loan.DisbursedOn ?? DateOnly.MinValue,
            payments.Count > 0 ? payments.Max(p => p.PaidOn) : DateOnly.MinValue,
            loan.Schedules is { Count: > 0 } s ? s.Max(v => v.EffectiveOn) : DateOnly.MinValue
        }.Max();
        return new LoanStanding(loan.Id, loan.PreparedBy, loan.AmountSek, loan.DisbursedOn, loan.SettledOn, loan.WrittenOffOn, loan.WrittenOffSek,
            firstOpen?.DueOn, exactFrom, repaid);
    }

    public decimal PrincipalRepaidOn(DateOnly day) => Repaid.Where(r => r.On <= day).Sum(r => r.Sek);

    /// <summary>As <see cref="Ledger.PrincipalOutstandingOn"/>: none before the payout or once written off.</summary>
    public decimal PrincipalOutstandingOn(DateOnly day) =>
        DisbursedOn is { } d && d <= day && !(WrittenOffOn is { } w && w <= day) ? AmountSek - PrincipalRepaidOn(day) : 0m;

    /// <summary>As <see cref="Ledger.PrincipalWrittenOff"/>: the principal not repaid by the day it was written off.</summary>
    public decimal PrincipalWrittenOff => WrittenOffOn is { } on && DisbursedOn is not null ? AmountSek - PrincipalRepaidOn(on) : 0m;

    public bool IsActiveOn(DateOnly day) => DisbursedOn <= day && !(SettledOn <= day) && !(WrittenOffOn <= day);

    /// <summary>Days past due on <paramref name="day"/> as the ledger counts them, or null before <see cref="ExactFrom"/>.</summary>
    public int? DaysPastDueOn(DateOnly day) =>
        day < ExactFrom ? null
        : FirstOpenDueOn is { } due && due < day && PrincipalOutstandingOn(day) > 0 ? day.DayNumber - due.DayNumber : 0;
}

namespace NeemPlatform.Lending.Loans;

/// <summary>Where a loan stands on a date.</summary>
public sealed record Position(
    DateOnly AsOf, decimal PrincipalOutstandingSek, decimal OverdueSek, decimal DueNotPaidSek, int DaysPastDue, string Bucket,
    int? OldestUnpaidInstalment, int InstalmentsPaidOnTime, int InstalmentsPaidLate, int LongestDelayDays);

/// <summary>
/// The loan's books as pure functions: what is paid of each instalment, the allocation of a new payment
/// (the product's order, default fees → interest → principal, oldest instalment first), prepayments, and
/// the position on any date (days past due, outstanding, delinquency bucket).
/// </summary>
public static class Ledger
{
    public static readonly IReadOnlyList<string> DefaultOrder = ["fees", "interest", "principal"];

    public const string NextInstalments = "next-instalments";
    public const string ShortenTerm = "shorten-term";
    public const string LowerInstalment = "lower-instalment";

    public static readonly IReadOnlyList<string> ExcessModes = [NextInstalments, ShortenTerm, LowerInstalment];

    /// <summary>The delinquency bucket of a number of days past due.</summary>
    public static string BucketOf(int daysPastDue) => daysPastDue switch
    {
        <= 0 => "current",
        <= 30 => "1-30",
        <= 60 => "31-60",
        <= 90 => "61-90",
        _ => "over-90"
    };

    public static IReadOnlyList<Instalment> ScheduleOn(Loan loan, DateOnly asOf) =>
        (loan.Schedules ?? []).LastOrDefault(s => s.EffectiveOn <= asOf)?.Instalments ?? loan.CurrentSchedule;

    /// <summary>Paid so far per instalment (fees, interest, principal), counting payments up to and including <paramref name="asOf"/>.</summary>
    public static Dictionary<int, InstalmentAllocation> PaidBy(Loan loan, DateOnly asOf)
    {
        var paid = new Dictionary<int, InstalmentAllocation>();
        foreach (var allocation in (loan.Payments ?? []).Where(p => p.PaidOn <= asOf).SelectMany(p => p.Allocations))
        {
            paid[allocation.Number] = paid.TryGetValue(allocation.Number, out var sum)
                ? new InstalmentAllocation(allocation.Number, sum.FeesSek + allocation.FeesSek, sum.InterestSek + allocation.InterestSek,
                    sum.PrincipalSek + allocation.PrincipalSek)
                : allocation;
        }

        return paid;
    }

    /// <summary>
    /// Splits <paramref name="amount"/> over the instalments: first everything due on or before the payment date,
    /// oldest first, component by component in <paramref name="order"/>; the rest either pays the next instalments
    /// in full order (<see cref="NextInstalments"/>) or is prepaid principal; beyond the whole debt it is overpayment.
    /// </summary>
    public static (List<InstalmentAllocation> Allocations, decimal Prepaid, decimal Over) Allocate(Loan loan, decimal amount, DateOnly paidOn,
        string excessMode, IReadOnlyList<string>? order = null)
    {
        order ??= DefaultOrder;
        var schedule = loan.CurrentSchedule;
        var paid = PaidBy(loan, DateOnly.MaxValue);
        var left = amount;
        var result = new List<InstalmentAllocation>();

        void Take(Instalment i)
        {
            var already = paid.GetValueOrDefault(i.Number) ?? new InstalmentAllocation(i.Number, 0, 0, 0);
            decimal fees = 0, interest = 0, principal = 0;
            foreach (var component in order)
            {
                switch (component)
                {
                    case "fees":
                        fees = Math.Min(left, i.FeesSek - already.FeesSek);
                        left -= fees;
                        break;
                    case "interest":
                        interest = Math.Min(left, i.InterestSek - already.InterestSek);
                        left -= interest;
                        break;
                    default:
                        principal = Math.Min(left, i.PrincipalSek - already.PrincipalSek);
                        left -= principal;
                        break;
                }
            }

            if (fees + interest + principal > 0)
            {
                result.Add(new InstalmentAllocation(i.Number, fees, interest, principal));
            }
        }

        foreach (var due in schedule.Where(i => i.DueOn <= paidOn).OrderBy(i => i.Number))
        {
            Take(due);
        }

        var future = schedule.Where(i => i.DueOn > paidOn).OrderBy(i => i.Number).ToList();
        if (excessMode == NextInstalments)
        {
            foreach (var next in future)
            {
                Take(next);
            }

            return (result, 0m, left);
        }

        var futurePrincipal = future.Sum(i => i.PrincipalSek - (paid.GetValueOrDefault(i.Number)?.PrincipalSek ?? 0));
        var prepaid = Math.Min(left, futurePrincipal);
        return (result, prepaid, left - prepaid);
    }

    /// <summary>
    /// The instalments not yet due after a prepayment of principal: as many as before with a lower instalment,
    /// or the same instalment over fewer months. Their due dates keep the loan's rhythm. What earlier payments already
    /// paid of these instalments (ahead of their dates) stays paid: it is added back to the instalment of the same
    /// number, so the new instalments ask exactly for the principal still owed. When the prepayment repays all of it,
    /// the instalments become what was paid of them (none left open): the loan is repaid.
    /// </summary>
    public static List<Instalment> Reamortise(Loan loan, DateOnly paidOn, decimal prepaid, string mode)
    {
        var terms = loan.Terms!;
        var paid = PaidBy(loan, DateOnly.MaxValue);
        var future = loan.CurrentSchedule.Where(i => i.DueOn > paidOn).OrderBy(i => i.Number).ToList();
        if (future.Count == 0)
        {
            return [];
        }

        InstalmentAllocation Ahead(int number) => paid.GetValueOrDefault(number) ?? new InstalmentAllocation(number, 0, 0, 0);
        var remaining = future.Sum(i => i.PrincipalSek - Ahead(i.Number).PrincipalSek) - prepaid;
        if (remaining <= 0)
        {
            return ClosedAtPaid(future, paid);
        }

        var rate = ScheduleCalculator.MonthlyRate(terms.NominalAnnualRatePercent);
        var first = future[0];
        decimal? keep = mode == ShortenTerm
            ? terms.Amortisation == Amortisation.Annuity ? first.PrincipalSek + first.InterestSek : first.PrincipalSek
            : null;
        var regenerated = ScheduleCalculator.Amortise(remaining, rate, future.Count, terms.Amortisation, first.Number, terms.DisbursedOn,
            terms.MonthlyFeeSek, keep);
        var numbers = regenerated.Select(i => i.Number).ToHashSet();
        return
        [
            .. regenerated.Select(i => Ahead(i.Number) is var a && a.TotalSek > 0
                ? i with { PrincipalSek = i.PrincipalSek + a.PrincipalSek, InterestSek = Math.Max(i.InterestSek, a.InterestSek), FeesSek = Math.Max(i.FeesSek, a.FeesSek) }
                : i),
            .. ClosedAtPaid(future.Where(i => !numbers.Contains(i.Number)), paid)
        ];
    }

    /// <summary>Instalments reduced to what was paid of them (those of which nothing was paid are gone).</summary>
    public static List<Instalment> ClosedAtPaid(IEnumerable<Instalment> instalments, IReadOnlyDictionary<int, InstalmentAllocation> paid) =>
        instalments.Select(i => paid.GetValueOrDefault(i.Number) is { } p
                ? i with { PrincipalSek = p.PrincipalSek, InterestSek = p.InterestSek, FeesSek = p.FeesSek }
                : null)
            .Where(i => i is { TotalSek: > 0 }).Select(i => i!).ToList();

    /// <summary>Principal repaid by <paramref name="asOf"/>: what payments allocated to instalments and what they prepaid.</summary>
    public static decimal PrincipalRepaid(Loan loan, DateOnly asOf) =>
        (loan.Payments ?? []).Where(p => p.PaidOn <= asOf).Sum(p => p.Allocations.Sum(a => a.PrincipalSek) + p.PrepaidPrincipalSek);

    /// <summary>The principal she still owes on <paramref name="asOf"/> (none before the payout or once written off): the position's
    /// outstanding figure alone, for the portfolio's averages over many dates.</summary>
    public static decimal PrincipalOutstandingOn(Loan loan, DateOnly asOf) =>
        loan.DisbursedOn is { } d && d <= asOf && !(loan.WrittenOffOn is { } w && w <= asOf) ? loan.AmountSek - PrincipalRepaid(loan, asOf) : 0m;

    /// <summary>The principal a write-off took off the books: what was not repaid by the day it was written off.</summary>
    public static decimal PrincipalWrittenOff(Loan loan) =>
        loan.WrittenOffOn is { } on && loan.DisbursedOn is not null ? loan.AmountSek - PrincipalRepaid(loan, on) : 0m;

    /// <summary>The loan's position on <paramref name="asOf"/>, counting only what had happened by then.</summary>
    public static Position PositionOn(Loan loan, DateOnly asOf)
    {
        var schedule = ScheduleOn(loan, asOf);
        var paid = PaidBy(loan, asOf);
        var outstanding = PrincipalOutstandingOn(loan, asOf);

        decimal overdue = 0, dueNotPaid = 0;
        int? oldest = null;
        foreach (var i in schedule.OrderBy(i => i.Number).Where(i => i.DueOn <= asOf))
        {
            var open = i.TotalSek - (paid.GetValueOrDefault(i.Number)?.TotalSek ?? 0);
            if (open <= 0)
            {
                continue;
            }

            dueNotPaid += open;
            if (i.DueOn < asOf)
            {
                overdue += open;
                oldest ??= i.Number;
            }
        }

        var daysPastDue = oldest is { } n && outstanding > 0 ? asOf.DayNumber - schedule.First(i => i.Number == n).DueOn.DayNumber : 0;
        var (onTime, late, longest) = Punctuality(loan, schedule, asOf);
        return new Position(asOf, outstanding, overdue, dueNotPaid, daysPastDue, BucketOf(daysPastDue), oldest, onTime, late, longest);
    }

    /// <summary>Instalments due by <paramref name="asOf"/> paid in full on or before their due date, paid late, and the longest delay in days.</summary>
    public static (int OnTime, int Late, int LongestDelay) Punctuality(Loan loan, IReadOnlyList<Instalment> schedule, DateOnly asOf)
    {
        int onTime = 0, late = 0, longest = 0;
        var payments = (loan.Payments ?? []).Where(p => p.PaidOn <= asOf).OrderBy(p => p.PaidOn).ToList();
        foreach (var i in schedule.Where(i => i.DueOn <= asOf))
        {
            decimal sum = 0;
            DateOnly? fullOn = null;
            foreach (var p in payments)
            {
                sum += p.Allocations.Where(a => a.Number == i.Number).Sum(a => a.TotalSek);
                if (sum >= i.TotalSek)
                {
                    fullOn = p.PaidOn;
                    break;
                }
            }

            if (i.TotalSek == 0 || fullOn is { } f && f <= i.DueOn)
            {
                onTime++;
                continue;
            }

            late++;
            var delay = (fullOn ?? asOf).DayNumber - i.DueOn.DayNumber;
            longest = Math.Max(longest, delay);
        }

        return (onTime, late, longest);
    }
}

namespace NeemPlatform.Lending.Loans;

public static class Amortisation
{
    public const string Annuity = "annuity";
    public const string EqualPrincipal = "equal-principal";
    public const string Flat = "flat";

    public static readonly IReadOnlyList<string> All = [Annuity, EqualPrincipal, Flat];
}

public static class GraceType
{
    public const string None = "none";
    public const string InterestOnly = "interest-only";
    public const string NoPayment = "no-payment";

    public static readonly IReadOnlyList<string> All = [None, InterestOnly, NoPayment];
}

/// <summary>One monthly instalment: what falls due on <see cref="DueOn"/>, in exact SEK (öre).</summary>
public sealed record Instalment(int Number, DateOnly DueOn, decimal PrincipalSek, decimal InterestSek, decimal FeesSek)
{
    public decimal TotalSek => PrincipalSek + InterestSek + FeesSek;
}

/// <summary>The terms a schedule is computed from.</summary>
public sealed record LoanTerms(
    decimal AmountSek, decimal NominalAnnualRatePercent, int TermMonths, int GraceMonths, string GraceType, string Amortisation,
    decimal SetUpFeeSek, decimal MonthlyFeeSek, DateOnly DisbursedOn);

/// <summary>
/// Repayment schedules, exact to the öre. The monthly rate is the nominal annual rate / 12; each month's
/// interest is the outstanding principal × the monthly rate, rounded to öre (half away from zero). Due dates
/// are the disbursement date plus k months, each counted from the disbursement date, so a loan disbursed on
/// 31 January falls due on 28 (29) February, 31 March, 30 April… Grace months come first: interest-only
/// months pay interest and fees; in no-payment months nothing falls due, and their interest and fees fall
/// due with the first regular instalment. The set-up fee falls due with the first instalment. Principal is
/// rounded per instalment and the last one takes the residual, so principal parts sum to the amount exactly.
/// </summary>
public static class ScheduleCalculator
{
    public static decimal Ore(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static decimal MonthlyRate(decimal nominalAnnualRatePercent) => nominalAnnualRatePercent / 100m / 12m;

    /// <summary>The standard annuity payment P·i / (1 − (1 + i)^−n), to the öre (P / n when i = 0).</summary>
    public static decimal AnnuityPayment(decimal principal, decimal monthlyRate, int n)
    {
        if (monthlyRate == 0)
        {
            return Ore(principal / n);
        }

        var growth = 1m;
        for (var k = 0; k < n; k++)
        {
            growth *= 1m + monthlyRate;
        }

        return Ore(principal * monthlyRate * growth / (growth - 1m));
    }

    /// <summary>What no-payment grace months defer to the first regular instalment: their interest and their monthly fees.</summary>
    public static (decimal Interest, decimal Fees) Deferred(LoanTerms t)
    {
        if (t.GraceType != GraceType.NoPayment)
        {
            return (0m, 0m);
        }

        var interest = Ore(t.AmountSek * MonthlyRate(t.NominalAnnualRatePercent));
        return (interest * t.GraceMonths, t.MonthlyFeeSek * t.GraceMonths);
    }

    public static IReadOnlyList<Instalment> Generate(LoanTerms t)
    {
        var i = MonthlyRate(t.NominalAnnualRatePercent);
        var schedule = new List<Instalment>(t.TermMonths);
        var balance = t.AmountSek;
        decimal deferredInterest = 0m, deferredFees = 0m;
        var firstFee = t.SetUpFeeSek;
        for (var k = 1; k <= t.GraceMonths; k++)
        {
            var interest = Ore(balance * i);
            if (t.GraceType == GraceType.NoPayment)
            {
                deferredInterest += interest;
                deferredFees += t.MonthlyFeeSek;
                continue;
            }

            schedule.Add(new Instalment(k, t.DisbursedOn.AddMonths(k), 0m, interest, t.MonthlyFeeSek + firstFee));
            firstFee = 0m;
        }

        var regular = Amortise(balance, i, t.TermMonths - t.GraceMonths, t.Amortisation, t.GraceMonths + 1, t.DisbursedOn, t.MonthlyFeeSek);
        if (regular.Count > 0)
        {
            regular[0] = regular[0] with
            {
                InterestSek = regular[0].InterestSek + deferredInterest,
                FeesSek = regular[0].FeesSek + deferredFees + firstFee
            };
        }

        schedule.AddRange(regular);
        return schedule;
    }

    /// <summary>
    /// The regular instalments for <paramref name="principal"/> over <paramref name="count"/> months, numbered from
    /// <paramref name="firstNumber"/> and due <paramref name="firstNumber"/>… months after <paramref name="from"/>.
    /// </summary>
    public static List<Instalment> Amortise(decimal principal, decimal monthlyRate, int count, string amortisation, int firstNumber,
        DateOnly from, decimal monthlyFee, decimal? fixedPayment = null)
    {
        var result = new List<Instalment>(count);
        var balance = principal;
        var annuity = amortisation == Amortisation.Annuity ? fixedPayment ?? AnnuityPayment(principal, monthlyRate, count) : 0m;
        var equalPart = amortisation != Amortisation.Annuity ? fixedPayment ?? Ore(principal / count) : 0m;
        var flatInterest = Ore(principal * monthlyRate);
        for (var k = 0; k < count && balance > 0; k++)
        {
            var number = firstNumber + k;
            var interest = amortisation == Amortisation.Flat ? flatInterest : Ore(balance * monthlyRate);
            var part = amortisation == Amortisation.Annuity ? annuity - interest : equalPart;
            var last = k == count - 1 || part >= balance;
            if (last || part < 0)
            {
                part = balance;
            }

            balance -= part;
            result.Add(new Instalment(number, from.AddMonths(number), part, interest, monthlyFee));
            if (fixedPayment is null && k == count - 1)
            {
                break;
            }
        }

        return result;
    }
}

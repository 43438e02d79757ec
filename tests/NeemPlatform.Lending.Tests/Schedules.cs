using CsCheck;
using NeemPlatform.Lending.Loans;

namespace NeemPlatform.Lending.Tests;

// Expected figures were computed outside this code base: the annuity payments with the spreadsheet
// formula PMT (10 000 at 1 % a month over 6 months = 1 725.48; 12 000 at 0.75 % over 6 = 2 052.83;
// 5 000 at 0.5 % over 3 = 1 683.36) and the schedules by hand / a separate Python script with decimal
// arithmetic, rounding half up to öre.

public class when_generating_a_schedule
{
    private static LoanTerms Terms(decimal amount, decimal rate, int term, string amortisation, DateOnly on, int grace = 0,
        string graceType = "none", decimal setUp = 0m, decimal fee = 0m) =>
        new(amount, rate, term, grace, graceType, amortisation, setUp, fee, on);

    private static void Expect(IReadOnlyList<Instalment> actual, params (string Due, decimal Principal, decimal Interest, decimal Fees)[] expected)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(DateOnly.Parse(expected[k].Due, System.Globalization.CultureInfo.InvariantCulture), actual[k].DueOn);
            Assert.Equal(expected[k].Principal, actual[k].PrincipalSek);
            Assert.Equal(expected[k].Interest, actual[k].InterestSek);
            Assert.Equal(expected[k].Fees, actual[k].FeesSek);
        }
    }

    [Fact]
    public void an_annuity_disbursed_on_31_january_falls_due_on_each_months_last_day_and_matches_the_annuity_formula()
    {
        var schedule = ScheduleCalculator.Generate(Terms(10_000m, 12m, 6, Amortisation.Annuity, new DateOnly(2026, 1, 31)));

        Expect(schedule,
            ("2026-02-28", 1625.48m, 100.00m, 0m), ("2026-03-31", 1641.73m, 83.75m, 0m), ("2026-04-30", 1658.15m, 67.33m, 0m),
            ("2026-05-31", 1674.73m, 50.75m, 0m), ("2026-06-30", 1691.48m, 34.00m, 0m), ("2026-07-31", 1708.43m, 17.08m, 0m));
        Assert.All(schedule.Take(5), i => Assert.Equal(1725.48m, i.TotalSek)); // PMT(1 %, 6, 10 000)
        Assert.Equal(1725.51m, schedule[^1].TotalSek); // the last takes the residual
        Assert.Equal(1725.48m, ScheduleCalculator.AnnuityPayment(10_000m, 0.01m, 6));
    }

    [Fact]
    public void equal_principal_in_a_leap_year_with_set_up_and_monthly_fees()
    {
        var schedule = ScheduleCalculator.Generate(Terms(10_000m, 12m, 4, Amortisation.EqualPrincipal, new DateOnly(2028, 1, 31), setUp: 100m, fee: 25m));

        Expect(schedule,
            ("2028-02-29", 2500m, 100.00m, 125m), ("2028-03-31", 2500m, 75.00m, 25m), ("2028-04-30", 2500m, 50.00m, 25m),
            ("2028-05-31", 2500m, 25.00m, 25m));
    }

    [Fact]
    public void flat_interest_is_on_the_original_amount_every_month()
    {
        var schedule = ScheduleCalculator.Generate(Terms(6_000m, 10m, 3, Amortisation.Flat, new DateOnly(2026, 3, 15)));

        Expect(schedule, ("2026-04-15", 2000m, 50m, 0m), ("2026-05-15", 2000m, 50m, 0m), ("2026-06-15", 2000m, 50m, 0m));
    }

    [Fact]
    public void interest_only_grace_pays_interest_then_amortises_over_the_remaining_months()
    {
        var schedule = ScheduleCalculator.Generate(Terms(12_000m, 9m, 8, Amortisation.Annuity, new DateOnly(2026, 1, 31), 2, GraceType.InterestOnly));

        Expect(schedule,
            ("2026-02-28", 0m, 90.00m, 0m), ("2026-03-31", 0m, 90.00m, 0m), ("2026-04-30", 1962.83m, 90.00m, 0m),
            ("2026-05-31", 1977.55m, 75.28m, 0m), ("2026-06-30", 1992.38m, 60.45m, 0m), ("2026-07-31", 2007.33m, 45.50m, 0m),
            ("2026-08-31", 2022.38m, 30.45m, 0m), ("2026-09-30", 2037.53m, 15.28m, 0m));
        Assert.Equal(2052.83m, schedule[2].TotalSek); // PMT(0.75 %, 6, 12 000)
    }

    [Fact]
    public void no_payment_grace_defers_that_months_interest_and_fees_to_the_first_instalment()
    {
        var schedule = ScheduleCalculator.Generate(Terms(5_000m, 6m, 4, Amortisation.Annuity, new DateOnly(2026, 1, 31), 1, GraceType.NoPayment, 50m, 10m));

        // Grace month: 25.00 interest and 10 fee deferred; first instalment: 25.00 + 25.00 interest, 10 + 10 + 50 set-up.
        Expect(schedule, ("2026-03-31", 1658.36m, 50.00m, 70m), ("2026-04-30", 1666.65m, 16.71m, 10m), ("2026-05-31", 1674.99m, 8.37m, 10m));
    }

    [Fact]
    public void principal_parts_always_sum_to_the_amount_and_nothing_is_negative()
    {
        Gen.Select(Gen.Int[100_00, 500_000_00], Gen.Int[0, 30_00], Gen.Int[1, 120], Gen.Int[0, 6], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 10_000])
            .Select((cents, rateBp, term, grace, graceKind, kind, day) => Terms(cents / 100m, rateBp / 100m, term,
                Amortisation.All[kind], new DateOnly(2026, 1, 1).AddDays(day), Math.Min(grace, term - 1),
                Math.Min(grace, term - 1) == 0 ? GraceType.None : GraceType.All[1 + graceKind % 2], cents % 500, cents % 50))
            .Sample(terms =>
            {
                var schedule = ScheduleCalculator.Generate(terms);
                Assert.Equal(terms.AmountSek, schedule.Sum(i => i.PrincipalSek));
                Assert.All(schedule, i => Assert.True(i.PrincipalSek >= 0 && i.InterestSek >= 0 && i.FeesSek >= 0, $"{terms}: {i}"));
                Assert.All(schedule, i => Assert.Equal(decimal.Round(i.TotalSek, 2), i.TotalSek));
                Assert.True(schedule.Zip(schedule.Skip(1)).All(p => p.First.DueOn < p.Second.DueOn));
            }, iter: 3_000);
    }
}

public class when_stating_the_effective_annual_rate
{
    [Fact]
    public void it_matches_known_values()
    {
        // 1 000 repaid as 1 100 a year later: 10 %.
        Assert.Equal(10.00m, EffectiveRate.AnnualPercent(1_000m, [(12, 1_100m)]));
        // 1 000 repaid as twelve monthly 100: RATE(12, −100, 1 000) = 2.9229 % a month, (1.029229)^12 − 1 = 41.30 %.
        Assert.Equal(41.30m, EffectiveRate.AnnualPercent(1_000m, Enumerable.Range(1, 12).Select(m => (m, 100m)).ToList()));
        // The annuity at 12 % nominal without fees: (1.01)^12 − 1 = 12.68 %.
        var schedule = ScheduleCalculator.Generate(new LoanTerms(10_000m, 12m, 6, 0, GraceType.None, Amortisation.Annuity, 0m, 0m, new DateOnly(2026, 1, 31)));
        Assert.Equal(12.68m, EffectiveRate.Of(10_000m, schedule, new DateOnly(2026, 1, 31)));
    }

    [Fact]
    public void fees_raise_it_above_the_nominal_rate()
    {
        var withFees = ScheduleCalculator.Generate(new LoanTerms(10_000m, 12m, 4, 0, GraceType.None, Amortisation.EqualPrincipal, 100m, 25m,
            new DateOnly(2028, 1, 31)));

        // Independently: flows 2 725 (with the 100 set-up fee), 2 600, 2 575, 2 550 for 10 000 give 23.92 % (bisection in a separate script).
        Assert.Equal(23.92m, EffectiveRate.Of(10_000m, withFees, new DateOnly(2028, 1, 31)));
    }
}

using NeemPlatform.Lending.Loans;
using NeemPlatform.Lending.Loans.Applying;
using NeemPlatform.Lending.Loans.Arrears;
using NeemPlatform.Lending.Loans.RepayingEarly;
using NeemPlatform.Lending.Loans.Rescheduling;
using NeemPlatform.Lending.Products;
using NeemPlatform.Lending.Statements;
using Xunit.Abstractions;

namespace NeemPlatform.Lending.Tests;

/// <summary>The defects an independent recomputation found, each as the behaviour a borrower and the books are owed.</summary>
public class when_she_repays_early_or_ahead
{
    [Theory]
    [InlineData(Ledger.ShortenTerm)]
    [InlineData(Ledger.LowerInstalment)]
    public void prepaying_all_the_principal_closes_the_loan_and_nothing_falls_overdue_later(string mode)
    {
        var loan = AGiven.Active();
        loan = AGiven.Pay(loan, "i1", loan.CurrentSchedule[0].TotalSek, "2026-02-28");
        var owed = Ledger.PositionOn(loan, AGiven.On("2026-03-10")).PrincipalOutstandingSek;

        loan = AGiven.Pay(loan, "all", owed, "2026-03-10", mode);

        Assert.Equal(LoanStatus.Settled, loan.Status);
        var later = Ledger.PositionOn(loan, AGiven.On("2026-12-31"));
        Assert.Equal(0m, later.OverdueSek);
        Assert.Equal(0, later.InstalmentsPaidLate);
        Assert.Contains("repaid in full on 2026-03-10", CreditStatementEndpoints.Compose(Guid.NewGuid(), [loan], AGiven.On("2026-12-31"), "stockholm", null, StatementLanguage.English));
    }

    [Fact]
    public void an_early_repayment_charges_interest_to_the_day_and_none_for_the_months_after()
    {
        var loan = AGiven.Active();
        var schedule = loan.CurrentSchedule;
        loan = AGiven.Pay(loan, "i1", schedule[0].TotalSek, "2026-02-28");

        var quote = EarlyRepayment.Quote(loan, AGiven.On("2026-03-14"), compensationPercent: 0m);
        var settled = AGiven.Fold(loan, EarlyRepayment.Decide(loan, quote, new RepayEarly("bank-77", quote.TotalSek, AGiven.On("2026-03-14")), "karin",
            Guid.NewGuid(), Guid.NewGuid(), AGiven.Now));

        // 14 of the 31 days from 28 February to 31 March: 14/31 of instalment 2's interest, to the öre.
        Assert.Equal(ScheduleCalculator.Ore(schedule[1].InterestSek * 14 / 31), quote.AccruedInterestSek);
        Assert.Equal(10_000m - schedule[0].PrincipalSek, quote.PrincipalSek);
        Assert.Equal(quote.PrincipalSek + quote.AccruedInterestSek, quote.TotalSek);
        Assert.Equal(LoanStatus.Settled, settled.Status);
        Assert.Equal(0m, Ledger.PositionOn(settled, AGiven.On("2026-03-14")).PrincipalOutstandingSek);
        var interestPaid = settled.Payments!.Sum(p => p.Allocations.Sum(a => a.InterestSek));
        Assert.True(interestPaid < schedule.Sum(i => i.InterestSek), $"{interestPaid} interest paid");
        Assert.Equal(0, Ledger.PositionOn(settled, AGiven.On("2027-01-01")).InstalmentsPaidLate);
    }

    [Fact]
    public void compensation_for_early_repayment_stays_within_the_law()
    {
        var loan = AGiven.Active(new LoanTerms(50_000m, 10m, 36, 0, GraceType.None, Amortisation.Annuity, 0m, 0m, AGiven.Disbursed));

        var early = EarlyRepayment.Quote(loan, AGiven.On("2026-02-10"), compensationPercent: 3m); // more than a year left: at most 1 %
        var late = EarlyRepayment.Quote(loan, AGiven.On("2028-06-10"), compensationPercent: 3m);  // a year or less left: at most 0.5 %

        Assert.Equal(ScheduleCalculator.Ore(early.PrincipalSek * 0.01m), early.CompensationSek);
        Assert.Equal(ScheduleCalculator.Ore(late.PrincipalSek * 0.005m), late.CompensationSek);
    }

    [Fact]
    public void on_an_interest_free_loan_early_repayment_costs_no_compensation()
    {
        var loan = AGiven.Active(new LoanTerms(12_000m, 0m, 24, 0, GraceType.None, Amortisation.Annuity, 0m, 0m, AGiven.Disbursed));

        var quote = EarlyRepayment.Quote(loan, AGiven.On("2026-02-10"), compensationPercent: 1m);

        Assert.Equal(0m, quote.CompensationSek);
        Assert.Equal(quote.PrincipalSek, quote.TotalSek);
    }

    [Fact]
    public void compensation_never_exceeds_the_interest_she_would_still_have_paid()
    {
        // 50 000 SEK at 2 % over 36 months, repaid early in the last month: 0.5 % of what is left is more than the month's interest.
        var loan = AGiven.Active(new LoanTerms(50_000m, 2m, 36, 0, GraceType.None, Amortisation.Annuity, 0m, 0m, AGiven.Disbursed));
        var last = loan.CurrentSchedule[^1];
        var day = last.DueOn.AddDays(-20);

        var quote = EarlyRepayment.Quote(loan, day, compensationPercent: 1m);

        var interestLeft = last.InterestSek - ScheduleCalculator.Ore(last.InterestSek * quote.DaysAccrued / quote.DaysInPeriod);
        Assert.True(ScheduleCalculator.Ore(quote.PrincipalSek * 0.005m) > interestLeft, "the example must make the cap bind");
        Assert.Equal(interestLeft, quote.CompensationSek);
    }

    [Fact]
    public void repaying_in_full_before_the_first_due_date_still_pays_the_set_up_fee_the_offer_stated()
    {
        var loan = AGiven.Active(new LoanTerms(10_000m, 12m, 6, 0, GraceType.None, Amortisation.Annuity, 300m, 25m, AGiven.Disbursed));

        var quote = EarlyRepayment.Quote(loan, AGiven.On("2026-02-10"), compensationPercent: 0m);
        var settled = AGiven.Fold(loan, EarlyRepayment.Decide(loan, quote, new RepayEarly("bank-1", quote.TotalSek, AGiven.On("2026-02-10")), "karin",
            Guid.NewGuid(), Guid.NewGuid(), AGiven.Now));

        Assert.Equal(300m, quote.SetUpFeeSek);
        Assert.Equal(quote.PrincipalSek + quote.AccruedInterestSek + 300m, quote.TotalSek);
        Assert.Equal(LoanStatus.Settled, settled.Status);
        Assert.Equal(300m, settled.Payments!.Sum(p => p.Allocations.Sum(a => a.FeesSek)));
        Assert.Equal(0m, Ledger.PositionOn(settled, AGiven.On("2026-12-31")).OverdueSek);
    }

    [Fact]
    public void principal_paid_ahead_is_counted_once_when_a_prepayment_follows()
    {
        var loan = AGiven.Active();
        // Instalment 1 and 500 SEK more: instalment 2's fee, interest and part of its principal, paid ahead.
        loan = AGiven.Pay(loan, "i1", loan.CurrentSchedule[0].TotalSek + 500m, "2026-02-28");
        var aheadPrincipal = Ledger.PaidBy(loan, DateOnly.MaxValue)[2].PrincipalSek;
        Assert.True(aheadPrincipal > 0);

        loan = AGiven.Pay(loan, "prepay", 2_000m, "2026-03-10", Ledger.LowerInstalment);

        var owed = 10_000m - Ledger.PrincipalRepaid(loan, DateOnly.MaxValue);
        Assert.Equal(owed, AGiven.OpenPrincipal(loan));
        // Paying what the new schedule asks repays the loan exactly.
        var paid = Ledger.PaidBy(loan, DateOnly.MaxValue);
        foreach (var i in loan.CurrentSchedule.Where(i => i.DueOn > AGiven.On("2026-03-10")))
        {
            loan = AGiven.Pay(loan, $"n{i.Number}", i.TotalSek - (paid.GetValueOrDefault(i.Number)?.TotalSek ?? 0m), i.DueOn);
        }

        Assert.Equal(LoanStatus.Settled, loan.Status);
        Assert.Equal(0m, Ledger.PositionOn(loan, AGiven.On("2027-01-01")).PrincipalOutstandingSek);
    }
}

public class when_an_offer_is_made
{
    private static readonly LoanTerms NoPaymentGrace =
        new(10_000m, 12m, 12, 3, GraceType.NoPayment, Amortisation.Annuity, 300m, 25m, new DateOnly(2026, 1, 31));

    [Fact]
    public void a_no_payment_grace_offer_states_the_level_instalment_and_the_deferred_amounts_apart()
    {
        var schedule = ScheduleCalculator.Generate(NoPaymentGrace);

        var offer = ApplyForLoanEndpoint.OfferFor(NoPaymentGrace, schedule)!;

        var level = ScheduleCalculator.AnnuityPayment(10_000m, 0.01m, 9) + 25m;
        Assert.Equal(level, offer.FirstRegularInstalmentSek);
        Assert.Equal(schedule[0].TotalSek, offer.FirstPaymentSek);
        Assert.Equal(level + 300m + 75m + 300m, offer.FirstPaymentSek); // deferred interest 3 × 100, fees 3 × 25, set-up fee 300
        Assert.Equal(300m, offer.DeferredInterestSek);
        Assert.Equal(75m, offer.DeferredFeesSek);
        // What the capacity check weighs: the largest regular month (the last takes the öre of rounding), never the first payment.
        Assert.Equal(Math.Max(level, schedule.Skip(1).Max(i => i.TotalSek)), ApplyForLoanEndpoint.LargestInstalment(NoPaymentGrace, schedule));
        Assert.True(ApplyForLoanEndpoint.LargestInstalment(NoPaymentGrace, schedule) < level + 1m);
    }

    [Fact]
    public void an_interest_only_grace_offer_states_the_grace_months_payment()
    {
        var terms = NoPaymentGrace with { GraceType = GraceType.InterestOnly };

        var offer = ApplyForLoanEndpoint.OfferFor(terms, ScheduleCalculator.Generate(terms))!;

        Assert.Equal(125m, offer.GraceMonthPaymentSek); // 1 % of 10 000 and the 25 SEK fee
        Assert.Equal(425m, offer.FirstPaymentSek);     // and the set-up fee with it
        Assert.Equal(ScheduleCalculator.AnnuityPayment(10_000m, 0.01m, 9) + 25m, offer.FirstRegularInstalmentSek);
    }

    [Fact]
    public void no_offer_is_made_when_no_effective_rate_solves_it()
    {
        Assert.Null(EffectiveRate.AnnualPercent(1_000m, [(1, 1m)]));
        Assert.Null(ApplyForLoanEndpoint.OfferFor(NoPaymentGrace with { AmountSek = 1_000m },
            [new Instalment(1, new DateOnly(2026, 2, 28), 0.01m, 0m, 0m)]));
    }

    [Fact]
    public void the_products_limits_are_one_rule_for_previews_and_applications()
    {
        var product = new LoanProduct("stockholm/plain/v1", "stockholm", "plain", 1, "Utan anstånd", 5_000m, 50_000m, 10m, 0m, 0m, 3, 24,
            GraceType.None, 0, Amortisation.Annuity, 0.8m, Ledger.DefaultOrder, AGiven.Now, "maria");

        Assert.Equal("The product has no grace months.", ApplyForLoanEndpoint.ProductLimits(product, 10_000m, 12, 2));
        Assert.Equal("The product lends 5000.00–50000.00 SEK.", ApplyForLoanEndpoint.ProductLimits(product, 60_000m, 12, 0));
        Assert.Null(ApplyForLoanEndpoint.ProductLimits(product, 10_000m, 12, 0));
    }
}

public class when_a_loan_is_rescheduled_or_written_off
{
    [Theory]
    [InlineData(ArrearsRule.Spread)]
    [InlineData(ArrearsRule.DueAtOnce)]
    public void overdue_interest_stays_interest_and_fees_stay_fees(string rule)
    {
        var loan = AGiven.Active(); // instalment 1 (due 28 February) unpaid: 100.00 interest and a 25.00 fee overdue
        var plain = ScheduleCalculator.Amortise(10_000m, 0.01m, 6, Amortisation.Annuity, 2, AGiven.Disbursed, 25m);

        var preview = RescheduleDecisions.Preview(loan, 6, AGiven.On("2026-03-05"), rule);

        Assert.Equal(plain.Sum(i => i.InterestSek) + 100m, preview.Sum(i => i.InterestSek));
        Assert.Equal(plain.Sum(i => i.FeesSek) + 25m, preview.Sum(i => i.FeesSek));
        Assert.Equal(10_000m, preview.Sum(i => i.PrincipalSek));
        var firstExtra = preview[0].InterestSek - plain[0].InterestSek;
        Assert.Equal(rule == ArrearsRule.DueAtOnce ? 100m : 16.67m, firstExtra);
    }

    [Fact]
    public void the_write_off_ratio_is_principal_over_the_average_gross_portfolio_of_the_period()
    {
        var loan = AGiven.Active();
        var charges = loan.CurrentSchedule.Where(i => i.DueOn <= AGiven.On("2026-06-15")).Sum(i => i.InterestSek + i.FeesSek);
        var writtenOff = Loan.Apply(new LoanWrittenOff(loan.Id, Guid.NewGuid(), Guid.NewGuid(), "maria", AGiven.On("2026-06-15"), 10_000m + charges,
            AGiven.Now), loan);

        var measures = PortfolioMeasures.Compute("stockholm", [writtenOff], AGiven.On("2026-12-31"), AGiven.On("2026-01-01"));

        // Outstanding 10 000 at the ends of January to May, 0 on 1 January and from June: 5 of 13 dates.
        var average = ScheduleCalculator.Ore(10_000m * 5 / 13);
        Assert.Equal(average, measures.AverageGrossPortfolioSek);
        Assert.Equal(10_000m, measures.PrincipalWrittenOffSek);
        Assert.Equal(decimal.Round(10_000m / average, 4, MidpointRounding.AwayFromZero), measures.WriteOffRatio);
        Assert.Equal(10_000m + charges, measures.WrittenOffSek);
    }
}

/// <summary>
/// Generated loans (products, amounts, terms, grace, amortisation) and generated payment histories (exact, partial,
/// late, ahead, prepayments in both modes, early settlement): after every payment the ledger's invariants hold.
/// </summary>
public class when_any_loan_meets_any_payments(ITestOutputHelper output)
{
    private const int Loans = 2_000;

    [Fact]
    public void the_ledger_stays_exact_for_two_thousand_generated_loans()
    {
        var random = new Random(20261202);
        var checks = 0;
        var settledEarly = 0;
        for (var n = 0; n < Loans; n++)
        {
            var term = random.Next(3, 37);
            var grace = random.Next(4) == 0 ? random.Next(1, Math.Min(4, term)) : 0;
            var terms = new LoanTerms(random.Next(500_000, 10_000_000) / 100m, random.Next(0, 3001) / 100m, term, grace,
                grace == 0 ? GraceType.None : random.Next(2) == 0 ? GraceType.InterestOnly : GraceType.NoPayment,
                Amortisation.All[random.Next(3)], random.Next(0, 3) * 150m, random.Next(0, 4) * 10m,
                new DateOnly(2024, 1, 1).AddDays(random.Next(0, 700)));
            var loan = AGiven.Active(terms);
            var day = terms.DisbursedOn;
            var reference = 0;
            while (loan.Status == LoanStatus.Active && day < terms.DisbursedOn.AddMonths(term + 6))
            {
                day = day.AddDays(random.Next(5, 45));
                var owedNow = Owed(loan, day);
                var action = random.Next(100);
                if (action < 6)
                {
                    var quote = EarlyRepayment.Quote(loan, day, random.Next(3) * 0.5m);
                    var amount = quote.TotalSek + (random.Next(4) == 0 ? random.Next(1, 1000) / 100m : 0m);
                    loan = AGiven.Fold(loan, EarlyRepayment.Decide(loan, quote, new RepayEarly($"r{++reference}", amount, day), "karin",
                        Guid.NewGuid(), Guid.NewGuid(), AGiven.Now));
                    Assert.Equal(LoanStatus.Settled, loan.Status);
                    settledEarly++;
                }
                else
                {
                    var (amount, mode) = action switch
                    {
                        < 40 => (owedNow, Ledger.NextInstalments),                                                  // exact
                        < 55 => (ScheduleCalculator.Ore(owedNow * random.Next(10, 90) / 100m), Ledger.NextInstalments), // partial
                        < 65 => (0m, Ledger.NextInstalments),                                                          // late: nothing now
                        < 80 => (owedNow + random.Next(1, 300_000) / 100m, Ledger.NextInstalments),                    // ahead
                        < 90 => (owedNow + random.Next(1, 500_000) / 100m, Ledger.ShortenTerm),                        // prepay
                        _ => (owedNow + random.Next(1, 500_000) / 100m, Ledger.LowerInstalment)
                    };
                    if (amount > 0)
                    {
                        loan = AGiven.Pay(loan, $"r{++reference}", amount, day, mode);
                    }
                }

                checks += Invariants(loan, terms, day);
            }
        }

        output.WriteLine($"{Loans} loans, {checks} checks after payments, {settledEarly} settled early");
        Assert.True(settledEarly > 50, $"only {settledEarly} early settlements were generated");
    }

    /// <summary>What falls due by <paramref name="day"/> and is not yet paid.</summary>
    private static decimal Owed(Loan loan, DateOnly day)
    {
        var paid = Ledger.PaidBy(loan, DateOnly.MaxValue);
        return loan.CurrentSchedule.Where(i => i.DueOn <= day).Sum(i => i.TotalSek - (paid.GetValueOrDefault(i.Number)?.TotalSek ?? 0m));
    }

    private static int Invariants(Loan loan, LoanTerms terms, DateOnly day)
    {
        var paid = Ledger.PaidBy(loan, DateOnly.MaxValue);
        var numbers = loan.CurrentSchedule.Select(i => i.Number).ToHashSet();
        var repaid = Ledger.PrincipalRepaid(loan, DateOnly.MaxValue);
        var context = $"loan {terms} after {loan.Payments?.Count} payments";

        // Principal repaid and principal the schedule still asks for add up to what was paid out, to the öre.
        Assert.True(repaid + AGiven.OpenPrincipal(loan) == terms.AmountSek, $"{context}: {repaid} + {AGiven.OpenPrincipal(loan)} ≠ {terms.AmountSek}");
        // Nothing is allocated twice or to an instalment that is gone: each component paid at most what it asks.
        foreach (var (number, allocation) in paid)
        {
            Assert.True(numbers.Contains(number), $"{context}: money allocated to instalment {number}, which is no longer in the schedule");
            var i = loan.CurrentSchedule.Single(x => x.Number == number);
            Assert.True(allocation.PrincipalSek <= i.PrincipalSek && allocation.InterestSek <= i.InterestSek && allocation.FeesSek <= i.FeesSek,
                $"{context}: instalment {number} paid {allocation} of {i}");
        }

        // Money is exact: öre, never negative.
        Assert.All(loan.CurrentSchedule, i => Assert.True(i.PrincipalSek >= 0 && i.InterestSek >= 0 && i.FeesSek >= 0
                                                          && decimal.Round(i.TotalSek, 2) == i.TotalSek, $"{context}: {i}"));
        // A loan with nothing left to pay is settled, and one that is settled has nothing left to pay.
        var open = loan.CurrentSchedule.Sum(i => i.TotalSek - (paid.GetValueOrDefault(i.Number)?.TotalSek ?? 0m));
        Assert.True(open == 0 == (loan.Status == LoanStatus.Settled), $"{context}: {open} open, status {loan.Status}");
        // The statement says what the ledger says.
        var text = CreditStatementEndpoints.Compose(Guid.Empty, [loan], day, "stockholm", null, StatementLanguage.English);
        var position = Ledger.PositionOn(loan, day);
        Assert.Contains(loan.Status == LoanStatus.Settled ? $"repaid in full on {loan.SettledOn:yyyy-MM-dd}" : "running", text);
        Assert.Contains($"outstanding principal {position.PrincipalOutstandingSek.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture).Replace(",", " ", StringComparison.Ordinal)} SEK", text);
        // The stored standing answers as the ledger does: outstanding on any date, days past due from its last change on.
        var standing = loan.Standing;
        foreach (var date in new[] { terms.DisbursedOn.AddDays(-1), terms.DisbursedOn, day.AddDays(-20), day, day.AddDays(1), day.AddDays(31), day.AddDays(400) })
        {
            Assert.True(standing.PrincipalOutstandingOn(date) == Ledger.PrincipalOutstandingOn(loan, date), $"{context}: outstanding on {date}");
            if (standing.DaysPastDueOn(date) is { } days)
            {
                Assert.True(days == Ledger.PositionOn(loan, date).DaysPastDue, $"{context}: {days} days past due on {date}");
            }
            else
            {
                Assert.True(date < standing.ExactFrom, $"{context}: no days past due from the standing on {date}");
            }
        }

        Assert.NotNull(standing.DaysPastDueOn(day));
        return 1;
    }
}

global using LoanDecision = NeemPlatform.Hosting.Decision<NeemPlatform.Lending.Loans.ILoanEvent>;
using NeemPlatform.Hosting;
using NeemPlatform.Lending.Loans;
using NeemPlatform.Lending.Loans.Arrears;
using NeemPlatform.Lending.Loans.Deciding;
using NeemPlatform.Lending.Loans.Repaying;
using NeemPlatform.Lending.Loans.WritingOff;
using NeemPlatform.Lending.Statements;

namespace NeemPlatform.Lending.Tests;

internal static class AGiven
{
    public static readonly DateTimeOffset Now = new(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Disbursed = new(2026, 1, 31);

    /// <summary>10 000 SEK annuity at 12 % over 6 months from 31 January, a 25 SEK monthly fee.</summary>
    public static Loan Active(string amortisation = Amortisation.Annuity) =>
        Active(new LoanTerms(10_000m, 12m, 6, 0, GraceType.None, amortisation, 0m, 25m, Disbursed));

    /// <summary>A loan paid out on <see cref="LoanTerms.DisbursedOn"/> with <paramref name="terms"/>.</summary>
    public static Loan Active(LoanTerms terms)
    {
        var id = Guid.Parse("0195c000-0000-7000-8000-000000000001");
        var schedule = ScheduleCalculator.Generate(terms);
        var applied = Loan.Create(new LoanApplied(id, Guid.NewGuid(), "stockholm", "micro", 1, terms.AmountSek, terms.TermMonths, terms.GraceMonths,
            "olle", terms.DisbursedOn, new Offer(0, 0, 0, 0), Now));
        return Loan.Apply(new LoanDisbursed(id, Guid.NewGuid(), "karin", terms.DisbursedOn, terms, schedule, Now),
            Loan.Apply(new LoanApproved(id, Guid.NewGuid(), "karin", terms.DisbursedOn, Now), applied));
    }

    /// <summary>The loan after <paramref name="events"/> (what a stream's fold does).</summary>
    public static Loan Fold(Loan loan, IEnumerable<ILoanEvent> events) => loan.Fold(events);

    /// <summary>Principal the current schedule still asks for: what it schedules less what payments allocated to it.</summary>
    public static decimal OpenPrincipal(Loan loan)
    {
        var paid = Ledger.PaidBy(loan, DateOnly.MaxValue);
        return loan.CurrentSchedule.Sum(i => i.PrincipalSek - (paid.GetValueOrDefault(i.Number)?.PrincipalSek ?? 0m));
    }

    public static Loan Pay(Loan loan, string reference, decimal amount, string paidOn, string excess = Ledger.NextInstalments) =>
        Pay(loan, reference, amount, On(paidOn), excess);

    public static Loan Pay(Loan loan, string reference, decimal amount, DateOnly paidOn, string excess = Ledger.NextInstalments) =>
        Fold(loan, RecordRepaymentEndpoint.Decide(loan, new RecordRepayment(reference, amount, paidOn, excess), Ledger.DefaultOrder, "karin",
            Guid.NewGuid(), Guid.NewGuid(), Now));

    public static DateOnly On(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
}

public class when_recording_repayments
{
    [Fact]
    public void a_partial_payment_pays_fees_then_interest_then_principal()
    {
        var loan = AGiven.Pay(AGiven.Active(), "p1", 100m, "2026-02-28");

        var allocation = Assert.Single(loan.Payments![0].Allocations);
        Assert.Equal(new InstalmentAllocation(1, 25m, 75m, 0m), allocation);
        var position = Ledger.PositionOn(loan, AGiven.On("2026-03-10"));
        Assert.Equal(10_000m, position.PrincipalOutstandingSek);
        Assert.Equal(10, position.DaysPastDue); // instalment 1 (due 28 Feb) is still open
        Assert.Equal("1-30", position.Bucket);
    }

    [Fact]
    public void on_time_payments_keep_the_loan_current_and_the_whole_schedule_settles_it()
    {
        var loan = AGiven.Active();
        foreach (var i in loan.CurrentSchedule)
        {
            loan = AGiven.Pay(loan, $"ref-{i.Number}", i.TotalSek, i.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(LoanStatus.Settled, loan.Status);
        var position = Ledger.PositionOn(loan, AGiven.On("2026-08-01"));
        Assert.Equal(0m, position.PrincipalOutstandingSek);
        Assert.Equal(6, position.InstalmentsPaidOnTime);
        Assert.Equal(0, position.LongestDelayDays);
    }

    [Fact]
    public void a_prepayment_can_shorten_the_term_or_lower_the_instalment()
    {
        var first = AGiven.Active().CurrentSchedule[0];
        var shorter = AGiven.Pay(AGiven.Active(), "p", first.TotalSek + 4_000m, "2026-02-28", Ledger.ShortenTerm);
        var lower = AGiven.Pay(AGiven.Active(), "p", first.TotalSek + 4_000m, "2026-02-28", Ledger.LowerInstalment);

        Assert.Equal(4_000m, shorter.Payments![0].PrepaidPrincipalSek);
        Assert.True(shorter.CurrentSchedule.Count < 6, $"{shorter.CurrentSchedule.Count} instalments");
        Assert.Equal(6, lower.CurrentSchedule.Count);
        Assert.True(lower.CurrentSchedule[1].TotalSek < first.TotalSek);
        foreach (var loan in new[] { shorter, lower })
        {
            // Principal still adds up: what was paid, what was prepaid and what is scheduled after.
            var paid = loan.Payments!.Sum(p => p.Allocations.Sum(a => a.PrincipalSek) + p.PrepaidPrincipalSek);
            var scheduledAfter = loan.CurrentSchedule.Skip(1).Sum(i => i.PrincipalSek);
            Assert.Equal(10_000m, paid + scheduledAfter);
        }
    }

    [Fact]
    public void paying_more_than_everything_settles_the_loan_and_keeps_the_overpayment()
    {
        var total = AGiven.Active().CurrentSchedule.Sum(i => i.TotalSek);

        var loan = AGiven.Pay(AGiven.Active(), "all", total + 500m, "2026-02-01");

        Assert.Equal(500m, loan.Payments![0].OverpaymentSek);
        Assert.Equal(LoanStatus.Settled, loan.Status);
    }
}

public class when_loans_fall_into_arrears
{
    [Fact]
    public void the_bucket_on_a_chosen_date_follows_the_oldest_unpaid_instalment()
    {
        var loan = AGiven.Active(); // first due 28 Feb, unpaid

        Assert.Equal("current", Ledger.PositionOn(loan, AGiven.On("2026-02-28")).Bucket);
        Assert.Equal("1-30", Ledger.PositionOn(loan, AGiven.On("2026-03-01")).Bucket);
        Assert.Equal("31-60", Ledger.PositionOn(loan, AGiven.On("2026-03-31")).Bucket); // 31 days
        Assert.Equal("61-90", Ledger.PositionOn(loan, AGiven.On("2026-04-30")).Bucket); // 61 days
        Assert.Equal("over-90", Ledger.PositionOn(loan, AGiven.On("2026-05-30")).Bucket); // 91 days
    }

    [Fact]
    public void each_move_between_buckets_is_one_event_with_its_date()
    {
        var loan = AGiven.Active();
        var moves = new List<ArrearsBucketMoved>();
        foreach (var day in new[] { "2026-03-01", "2026-03-15", "2026-04-01", "2026-04-02" })
        {
            if (ArrearsEndpoints.Decide(loan, AGiven.On(day), Guid.NewGuid(), AGiven.Now) is { } moved)
            {
                moves.Add(moved);
                loan = Loan.Apply(moved, loan);
            }
        }

        Assert.Equal([("current", "1-30", "2026-03-01"), ("1-30", "31-60", "2026-04-01")],
            moves.Select(m => (m.From, m.To, m.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
        var cured = AGiven.Pay(loan, "late", loan.CurrentSchedule.Take(2).Sum(i => i.TotalSek), "2026-04-02");
        Assert.Equal("current", ArrearsEndpoints.Decide(cured, AGiven.On("2026-04-03"), Guid.NewGuid(), AGiven.Now)!.To);
        Assert.Equal(33, Ledger.PositionOn(cured, AGiven.On("2026-04-03")).LongestDelayDays); // instalment 1: 28 Feb → 2 Apr
    }

    [Fact]
    public void portfolio_at_risk_uses_outstanding_principal_by_days_past_due()
    {
        var late = AGiven.Active();
        var onTime = AGiven.Pay(AGiven.Active() with { Id = Guid.NewGuid(), PreparedBy = "anna" }, "x", AGiven.Active().CurrentSchedule[0].TotalSek, "2026-02-28");

        var measures = PortfolioMeasures.Compute("stockholm", [late, onTime], AGiven.On("2026-04-15"));

        Assert.Equal(2, measures.ActiveLoans);
        Assert.Equal(10_000m + 10_000m - onTime.CurrentSchedule[0].PrincipalSek, measures.OutstandingSek);
        Assert.Equal(10_000m, measures.Par30Sek); // 46 days
        Assert.Equal(0m, measures.Par90Sek);
        Assert.Equal(decimal.Round(10_000m / measures.OutstandingSek, 4), measures.Par30);
    }
}

public class when_a_second_person_is_needed
{
    [Fact]
    public void who_prepared_the_application_can_never_approve_or_disburse_it()
    {
        var loan = AGiven.Active();

        Assert.False(LoanDecisions.SecondPerson(loan, "olle"));
        Assert.True(LoanDecisions.SecondPerson(loan, "karin"));
    }
}

/// <summary>The decisions on an application, as pure functions: given the loan, when the command, then the events or the refusal.</summary>
public class when_an_application_is_decided
{
    private static readonly Guid EventId = Guid.Parse("0195c000-0000-7000-8000-0000000000e1");
    private static readonly LoanTerms Terms = new(10_000m, 12m, 6, 0, GraceType.None, Amortisation.Annuity, 0m, 25m, AGiven.On("2026-02-10"));

    private static Loan Applied() => Loan.Create(new LoanApplied(Guid.Parse("0195c000-0000-7000-8000-0000000000a1"), Guid.NewGuid(), "stockholm",
        "micro", 1, 10_000m, 6, 0, "olle", AGiven.On("2026-02-01"), new Offer(0, 0, 0, 0), AGiven.Now));

    private static Loan Approved() => Applied().Fold([new LoanApproved(Applied().Id, Guid.NewGuid(), "karin", AGiven.On("2026-02-05"), AGiven.Now)]);

    [Fact]
    public void a_second_person_approves_it_on_or_after_the_application_and_a_retry_records_nothing_more()
    {
        var decision = LoanDecisions.Approve(Applied(), new ApproveLoan(AGiven.On("2026-02-05")), "karin", EventId, AGiven.Now);

        var approved = Assert.IsType<LoanApproved>(Assert.Single(Assert.IsType<LoanDecision.Accepted>(decision).Events));
        Assert.Equal((EventId, "karin", AGiven.On("2026-02-05")), (approved.EventId, approved.ApprovedBy, approved.ApprovedOn));
        Assert.IsType<LoanDecision.AlreadyDone>(LoanDecisions.Approve(Approved(), new ApproveLoan(AGiven.On("2026-02-05")), "karin", EventId, AGiven.Now));
        Assert.IsType<LoanDecision.Refused>(LoanDecisions.Approve(Approved(), new ApproveLoan(AGiven.On("2026-02-06")), "karin", EventId, AGiven.Now));
        Assert.Equal(new LoanDecision.SecondPersonRequired("Approval"),
            LoanDecisions.Approve(Applied(), new ApproveLoan(AGiven.On("2026-02-05")), "olle", EventId, AGiven.Now));
        Assert.Equal("The approval date lies before the application.", Assert.IsType<LoanDecision.Refused>(
            LoanDecisions.Approve(Applied(), new ApproveLoan(AGiven.On("2026-01-31")), "karin", EventId, AGiven.Now)).Detail);
    }

    [Fact]
    public void only_an_application_is_rejected_and_the_same_rejection_again_records_nothing_more()
    {
        var rejected = Assert.IsType<LoanRejected>(Assert.Single(Assert.IsType<LoanDecision.Accepted>(
            LoanDecisions.Reject(Applied(), new RejectLoan("repayment-capacity", AGiven.On("2026-02-03")), "karin", EventId, AGiven.Now)).Events));
        var after = Applied().Fold([rejected]);

        Assert.Equal(("repayment-capacity", LoanStatus.Rejected), (rejected.Reason, after.Status));
        Assert.IsType<LoanDecision.AlreadyDone>(LoanDecisions.Reject(after, new RejectLoan("repayment-capacity", AGiven.On("2026-02-03")), "karin", EventId, AGiven.Now));
        Assert.IsType<LoanDecision.Refused>(LoanDecisions.Reject(after, new RejectLoan("other", AGiven.On("2026-02-03")), "karin", EventId, AGiven.Now));
        Assert.IsType<LoanDecision.Refused>(LoanDecisions.Reject(Approved(), new RejectLoan("other", AGiven.On("2026-02-03")), "karin", EventId, AGiven.Now));
    }

    [Fact]
    public void a_second_person_pays_out_an_approved_loan_with_its_schedule_from_the_payout()
    {
        var decision = LoanDecisions.Disburse(Approved(), new DisburseLoan(AGiven.On("2026-02-10")), Terms, "karin", EventId, AGiven.Now);

        var disbursed = Assert.IsType<LoanDisbursed>(Assert.Single(Assert.IsType<LoanDecision.Accepted>(decision).Events));
        Assert.Equal(ScheduleCalculator.Generate(Terms), disbursed.Schedule);
        Assert.Equal(10_000m, disbursed.Schedule.Sum(i => i.PrincipalSek));
        var active = Approved().Fold([disbursed]);
        Assert.Equal(LoanStatus.Active, active.Status);
        Assert.IsType<LoanDecision.AlreadyDone>(LoanDecisions.Disburse(active, new DisburseLoan(AGiven.On("2026-02-10")), Terms, "karin", EventId, AGiven.Now));
        Assert.Equal(new LoanDecision.SecondPersonRequired("Disbursement"),
            LoanDecisions.Disburse(Approved(), new DisburseLoan(AGiven.On("2026-02-10")), Terms, "olle", EventId, AGiven.Now));
        Assert.IsType<LoanDecision.Refused>(LoanDecisions.Disburse(Applied(), new DisburseLoan(AGiven.On("2026-02-10")), Terms, "karin", EventId, AGiven.Now));
        Assert.Equal("The disbursement date lies before the approval.", Assert.IsType<LoanDecision.Refused>(
            LoanDecisions.Disburse(Approved(), new DisburseLoan(AGiven.On("2026-02-04")), Terms, "karin", EventId, AGiven.Now)).Detail);
    }
}

public class when_recovering_after_a_write_off
{
    [Fact]
    public void recoveries_never_exceed_what_was_written_off_and_a_reference_counts_once()
    {
        var loan = Loan.Apply(new LoanWrittenOff(AGiven.Active().Id, Guid.NewGuid(), Guid.NewGuid(), "karin", AGiven.On("2026-06-01"), 3_000m, AGiven.Now),
            AGiven.Active());

        var first = WriteOffDecisions.DecideRecovery(loan, new RecordRecovery("r1", 2_500m, AGiven.On("2026-07-01")), Guid.NewGuid(), AGiven.Now);
        loan = loan.Fold(Assert.IsType<LoanDecision.Accepted>(first).Events);
        var tooMuch = WriteOffDecisions.DecideRecovery(loan, new RecordRecovery("r2", 500.01m, AGiven.On("2026-08-01")), Guid.NewGuid(), AGiven.Now);
        var again = WriteOffDecisions.DecideRecovery(loan, new RecordRecovery("r1", 2_500m, AGiven.On("2026-07-01")), Guid.NewGuid(), AGiven.Now);
        var rest = WriteOffDecisions.DecideRecovery(loan, new RecordRecovery("r3", 500m, AGiven.On("2026-08-01")), Guid.NewGuid(), AGiven.Now);

        Assert.Contains("500.00", Assert.IsType<LoanDecision.Refused>(tooMuch).Detail);
        Assert.IsType<LoanDecision.AlreadyDone>(again);
        Assert.Equal(500m, Assert.IsType<RecoveryRecorded>(Assert.Single(Assert.IsType<LoanDecision.Accepted>(rest).Events)).AmountSek);
    }

    [Fact]
    public void a_second_person_approves_the_write_off_that_is_pending_and_nobody_approves_one_that_is_not()
    {
        var active = AGiven.Active();
        var proposal = Guid.NewGuid();
        var proposed = active.Fold(Assert.IsType<LoanDecision.Accepted>(WriteOffDecisions.DecideProposal(active,
            new ProposeWriteOff("deceased", AGiven.On("2026-04-01")), "olle", proposal, AGiven.Now)).Events);

        Assert.Equal(new LoanDecision.SecondPersonRequired("Writing off"),
            WriteOffDecisions.DecideApproval(proposed, proposal, new ApproveWriteOff(AGiven.On("2026-04-01")), "olle", Guid.NewGuid(), AGiven.Now));
        Assert.Equal(new LoanDecision.NotFound("write-off proposal", Guid.Empty),
            WriteOffDecisions.DecideApproval(proposed, Guid.Empty, new ApproveWriteOff(AGiven.On("2026-04-01")), "karin", Guid.NewGuid(), AGiven.Now));
        var writtenOff = Assert.IsType<LoanWrittenOff>(Assert.Single(Assert.IsType<LoanDecision.Accepted>(WriteOffDecisions.DecideApproval(proposed, proposal,
            new ApproveWriteOff(AGiven.On("2026-04-01")), "karin", Guid.NewGuid(), AGiven.Now)).Events));
        Assert.Equal(10_000m + 183.75m + 50m, writtenOff.AmountSek);
        Assert.IsType<LoanDecision.Refused>(WriteOffDecisions.DecideProposal(proposed.Fold([writtenOff]),
            new ProposeWriteOff("deceased", AGiven.On("2026-04-02")), "olle", Guid.NewGuid(), AGiven.Now));
    }

    [Fact]
    public void a_second_person_approves_a_reschedule_before_an_instalment_falls_due_and_the_new_schedule_replaces_the_rest()
    {
        var active = AGiven.Active();
        var request = Guid.NewGuid();
        var requested = active.Fold(Assert.IsType<LoanDecision.Accepted>(Loans.Rescheduling.RescheduleDecisions.DecideRequest(active,
            new Loans.Rescheduling.RequestReschedule(8, "illness", AGiven.On("2026-03-01")), Products.ArrearsRule.Spread, "olle", request, AGiven.Now)).Events);
        Approval approve = (on, by) => Loans.Rescheduling.RescheduleDecisions.DecideApproval(requested, request,
            new Loans.Rescheduling.ApproveReschedule(AGiven.On(on)), by, Guid.NewGuid(), AGiven.Now);

        Assert.Equal(new LoanDecision.SecondPersonRequired("Rescheduling"), approve("2026-03-02", "olle"));
        Assert.Contains("approvedOn", Assert.IsType<LoanDecision.Invalid>(approve("2026-02-27", "karin")).Errors.Keys);
        Assert.IsType<LoanDecision.Refused>(approve("2026-03-31", "karin")); // the instalment of 31 March fell due since the request
        var events = Assert.IsType<LoanDecision.Accepted>(approve("2026-03-02", "karin")).Events;
        var after = requested.Fold(events);
        Assert.Equal((1, (RescheduleRequested?)null), (after.Reschedulings, after.PendingReschedule));
        Assert.Equal(requested.PendingReschedule!.Preview, after.CurrentSchedule.Where(i => i.DueOn > AGiven.On("2026-03-02")));
    }

    private delegate LoanDecision Approval(string on, string by);

    [Fact]
    public void the_amount_written_off_is_the_principal_left_and_the_charges_due()
    {
        var loan = AGiven.Active();

        // On 1 April two instalments are due and unpaid: interest 100.00 + 83.75, fees 2 × 25.
        Assert.Equal(10_000m + 183.75m + 50m, WriteOffDecisions.AmountToWriteOff(loan, AGiven.On("2026-04-01")));
    }
}

public class when_a_bank_checks_a_credit_statement
{
    private static readonly StatementKey Key = new(System.Text.Encoding.ASCII.GetBytes("a-test-statement-key-of-32-bytes"));

    [Fact]
    public void the_code_matches_the_text_it_was_issued_for_and_nothing_else()
    {
        var id = Guid.NewGuid();
        var text = CreditStatementEndpoints.Compose(id, [AGiven.Pay(AGiven.Active(), "p", 1_750.48m, "2026-02-28")], AGiven.On("2026-03-05"), "stockholm", null,
            StatementLanguage.English);
        var code = Key.CodeFor(id, text);

        Assert.Matches("^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$", code);
        Assert.Equal(code, Key.CodeFor(id, text));
        Assert.NotEqual(code, Key.CodeFor(id, text.Replace("10 000.00 SEK", "100 000.00 SEK", StringComparison.Ordinal)));
        Assert.NotEqual(code, Key.CodeFor(Guid.NewGuid(), text));
        Assert.Contains("paid on time: 1", text);
        Assert.Contains("not shown at the holder's request", text);
    }

    [Fact]
    public void a_statement_is_in_swedish_unless_she_asks_for_english()
    {
        var loan = AGiven.Pay(AGiven.Active(), "p", 1_750.48m, "2026-02-28");

        var swedish = CreditStatementEndpoints.Compose(Guid.Empty, [loan], AGiven.On("2026-03-05"), "stockholm", null);
        var english = CreditStatementEndpoints.Compose(Guid.Empty, [loan], AGiven.On("2026-03-05"), "stockholm", "Amina Q", StatementLanguage.English);

        Assert.Contains("Intyg 00000000000000000000000000000000, utfärdat 2026-03-05", swedish);
        Assert.Contains("Lån 1: 10 000,00 kr utbetalt 2026-01-31, 6 månadsbetalningar", swedish);
        Assert.Contains("betalda i tid: 1", swedish);
        Assert.Contains("(visas inte på innehavarens begäran)", swedish);
        Assert.Contains("Loan 1: 10 000.00 SEK disbursed 2026-01-31", english);
        Assert.Contains("Holder: Amina Q", english);
    }
}

/// <summary>One fold for a loan: every event its stream can hold moves it, none is skipped.</summary>
public class when_a_loans_events_are_folded
{
    private static readonly Guid Id = Guid.Parse("0195c000-0000-7000-8000-000000000009");
    private static readonly DateTimeOffset At = AGiven.Now;

    /// <summary>A life that holds every kind of event a loan's stream can hold, in an order a loan can live it.</summary>
    private static IReadOnlyList<ILoanEvent> WholeLife(Loan active)
    {
        var replaced = active.CurrentSchedule.Skip(2).Select(i => i with { InterestSek = i.InterestSek - 1m }).ToList();
        var request = Guid.NewGuid();
        var proposal = Guid.NewGuid();
        return
        [
            new RepaymentRecorded(Id, Guid.NewGuid(), "198001011234", 100m, AGiven.On("2026-02-28"), [new InstalmentAllocation(1, 25m, 75m, 0m)], 0m, 0m, "karin", At),
            new BorrowerContacted(Id, Guid.NewGuid(), "olle", "phone", "promised-to-pay", AGiven.On("2026-03-05"), AGiven.On("2026-03-20"), At),
            new ArrearsBucketMoved(Id, Guid.NewGuid(), "current", "1-30", 10, AGiven.On("2026-03-10"), At),
            new RescheduleRequested(Id, request, "olle", 4, "income-loss", AGiven.On("2026-03-11"), replaced, At),
            new ScheduleReplaced(Id, AGiven.On("2026-03-12"), replaced, "rescheduling", At, CloseDueInstalments: true),
            new LoanRescheduled(Id, Guid.NewGuid(), request, "karin", AGiven.On("2026-03-12"), At),
            new WriteOffProposed(Id, proposal, "olle", "deceased", AGiven.On("2026-06-01"), At),
            new LoanWrittenOff(Id, Guid.NewGuid(), proposal, "karin", AGiven.On("2026-06-02"), 9_000m, At),
            new RecoveryRecorded(Id, Guid.NewGuid(), "estate-1", 500m, AGiven.On("2026-07-01"), At),
            new LoanHolderErased(Id, Guid.NewGuid(), At),
        ];
    }

    [Fact]
    public void every_event_a_loan_can_hold_has_its_fold_and_an_unknown_one_is_refused()
    {
        var applied = Loan.Create(new LoanApplied(Id, Guid.NewGuid(), "stockholm", "micro", 1, 10_000m, 6, 0, "olle", AGiven.Disbursed, new Offer(0, 0, 0, 0), At));
        var terms = new LoanTerms(10_000m, 12m, 6, 0, GraceType.None, Amortisation.Annuity, 0m, 25m, AGiven.Disbursed);
        var active = applied.Fold([
            new LoanApproved(Id, Guid.NewGuid(), "karin", AGiven.Disbursed, At),
            new LoanDisbursed(Id, Guid.NewGuid(), "karin", AGiven.Disbursed, terms, ScheduleCalculator.Generate(terms), At)
        ]);
        var life = WholeLife(active);
        var after = active.Fold(life);
        var rejected = applied.Fold([new LoanRejected(Id, Guid.NewGuid(), "karin", "capacity", AGiven.Disbursed, At)]);
        var settled = active.Fold([new LoanSettled(Id, Guid.NewGuid(), AGiven.On("2026-08-01"), At)]);

        // Each event moved what it is about.
        Assert.Equal((LoanStatus.Active, "karin", "karin"), (active.Status, active.ApprovedBy, active.DisbursedBy));
        Assert.Equal((LoanStatus.Rejected, "capacity"), (rejected.Status, rejected.RejectionReason));
        Assert.Equal((LoanStatus.Settled, AGiven.On("2026-08-01")), (settled.Status, settled.SettledOn));
        Assert.Equal(Erasure.Placeholder, Assert.Single(after.Payments!).Reference);
        Assert.Equal("promised-to-pay", Assert.Single(after.Contacts!).Outcome);
        Assert.Equal(("1-30", 1), (after.Bucket, after.BucketHistory!.Count));
        Assert.Equal((1, (RescheduleRequested?)null, 2), (after.Reschedulings, after.PendingReschedule, after.Schedules!.Count));
        Assert.Equal((LoanStatus.WrittenOff, 9_000m, (WriteOffProposed?)null), (after.Status, after.WrittenOffSek, after.PendingWriteOff));
        Assert.Equal((500m, Erasure.Placeholder, true), (after.RecoveredSek, Assert.Single(after.RecoveryReferences!), after.HolderErased));

        // Every event type of a loan's stream is in these lives: a new one fails here until it has its fold and its place in a life.
        var lived = life.Select(e => e.GetType())
            .Concat([typeof(LoanApplied), typeof(LoanApproved), typeof(LoanDisbursed), typeof(LoanRejected), typeof(LoanSettled)]).ToHashSet();
        var declared = typeof(ILoanEvent).Assembly.GetTypes().Where(t => typeof(ILoanEvent).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false });
        Assert.Empty(declared.Where(t => !lived.Contains(t)).Select(t => t.Name));
        Assert.Throws<NotSupportedException>(() => active.Fold([new UnknownLoanEvent(Id)]));
        Assert.Throws<InvalidOperationException>(() => active.Fold([new LoanApplied(Id, Guid.NewGuid(), "stockholm", "micro", 1, 1m, 6, 0, "olle",
            AGiven.Disbursed, new Offer(0, 0, 0, 0), At)]));
    }

    private sealed record UnknownLoanEvent(Guid LoanId) : ILoanEvent;
}

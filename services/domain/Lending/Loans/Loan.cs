namespace NeemPlatform.Lending.Loans;

// Internal events of a loan: one stream per loan (stream id = loan id). Who did what and when is in each
// event: that is the four-eyes audit trail.

/// <summary>An event of a loan's stream. <see cref="Loan.Next"/> folds every one of them; a test fails for a type it does not.</summary>
public interface ILoanEvent
{
    Guid LoanId { get; }
}

/// <summary>What the borrower is offered: instalment, total cost and effective annual rate, for the terms applied for.</summary>
/// <summary>
/// What an offer states. <see cref="FirstRegularInstalmentSek"/> is the level instalment: what she pays in a regular month
/// (principal, that month's interest and the monthly fee). The first payment, the grace months and what they defer to
/// the first regular instalment are stated apart, and the repayment-capacity check uses the level instalment.
/// </summary>
public sealed record Offer(decimal FirstRegularInstalmentSek, decimal TotalRepaidSek, decimal TotalCostSek, decimal EffectiveAnnualRatePercent,
    decimal FirstPaymentSek = 0m, int GraceMonths = 0, decimal GraceMonthPaymentSek = 0m, decimal DeferredInterestSek = 0m,
    decimal DeferredFeesSek = 0m, decimal SetUpFeeSek = 0m);

public sealed record LoanApplied(
    Guid LoanId, Guid ParticipantId, string Region, string ProductCode, int ProductVersion, decimal AmountSek, int TermMonths,
    int GraceMonths, string PreparedBy, DateOnly AppliedOn, Offer Offer, DateTimeOffset At) : ILoanEvent;

public sealed record LoanApproved(Guid LoanId, Guid EventId, string ApprovedBy, DateOnly ApprovedOn, DateTimeOffset At) : ILoanEvent;

public sealed record LoanRejected(Guid LoanId, Guid EventId, string RejectedBy, string Reason, DateOnly RejectedOn, DateTimeOffset At) : ILoanEvent;

public sealed record LoanDisbursed(Guid LoanId, Guid EventId, string DisbursedBy, DateOnly DisbursedOn, LoanTerms Terms,
    IReadOnlyList<Instalment> Schedule, DateTimeOffset At) : ILoanEvent;

/// <summary>How a payment was split over the instalments (and what was left over).</summary>
public sealed record InstalmentAllocation(int Number, decimal FeesSek, decimal InterestSek, decimal PrincipalSek)
{
    public decimal TotalSek => FeesSek + InterestSek + PrincipalSek;
}

public sealed record RepaymentRecorded(
    Guid LoanId, Guid EventId, string Reference, decimal AmountSek, DateOnly PaidOn, IReadOnlyList<InstalmentAllocation> Allocations,
    decimal PrepaidPrincipalSek, decimal OverpaymentSek, string RecordedBy, DateTimeOffset At) : ILoanEvent;

/// <summary>A new schedule for the instalments not yet due (prepayment or rescheduling), effective from a date.</summary>
/// <remarks>A rescheduling moves what is still open of the instalments already due into the new ones: those are closed at what was paid.</remarks>
public sealed record ScheduleReplaced(Guid LoanId, DateOnly EffectiveOn, IReadOnlyList<Instalment> Future, string Cause, DateTimeOffset At,
    bool CloseDueInstalments = false) : ILoanEvent;

public sealed record RescheduleRequested(Guid LoanId, Guid RequestId, string RequestedBy, int RemainingMonths, string ReasonCode,
    DateOnly RequestedOn, IReadOnlyList<Instalment> Preview, DateTimeOffset At) : ILoanEvent;

public sealed record LoanRescheduled(Guid LoanId, Guid EventId, Guid RequestId, string ApprovedBy, DateOnly RescheduledOn, DateTimeOffset At) : ILoanEvent;

public sealed record WriteOffProposed(Guid LoanId, Guid ProposalId, string ProposedBy, string ReasonCode, DateOnly ProposedOn, DateTimeOffset At) : ILoanEvent;

public sealed record LoanWrittenOff(Guid LoanId, Guid EventId, Guid ProposalId, string ApprovedBy, DateOnly WrittenOffOn, decimal AmountSek,
    DateTimeOffset At) : ILoanEvent;

public sealed record RecoveryRecorded(Guid LoanId, Guid EventId, string Reference, decimal AmountSek, DateOnly ReceivedOn, DateTimeOffset At) : ILoanEvent;

public sealed record ArrearsBucketMoved(Guid LoanId, Guid EventId, string From, string To, int DaysPastDue, DateOnly AsOf, DateTimeOffset At) : ILoanEvent;

public sealed record LoanSettled(Guid LoanId, Guid EventId, DateOnly SettledOn, DateTimeOffset At) : ILoanEvent;

/// <summary>A loan officer was in touch with the borrower (codes only: nothing she said is kept).</summary>
public sealed record BorrowerContacted(Guid LoanId, Guid ContactId, string ContactedBy, string Channel, string Outcome, DateOnly ContactedOn,
    DateOnly? PromisedOn, DateTimeOffset At) : ILoanEvent;

/// <summary>Her personal data was erased: the loan's free text (payment and recovery references) is gone; the figures stay.</summary>
public sealed record LoanHolderErased(Guid LoanId, Guid SourceEventId, DateTimeOffset At) : ILoanEvent;

public static class LoanStatus
{
    public const string Applied = "applied";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Active = "active";
    public const string Settled = "settled";
    public const string WrittenOff = "written-off";
}

public sealed record Payment(string Reference, decimal AmountSek, DateOnly PaidOn, IReadOnlyList<InstalmentAllocation> Allocations,
    decimal PrepaidPrincipalSek, decimal OverpaymentSek);

public sealed record ScheduleVersion(DateOnly EffectiveOn, IReadOnlyList<Instalment> Instalments);

public sealed record BucketMove(string From, string To, int DaysPastDue, DateOnly AsOf);

/// <summary>A contact with the borrower, as the loan keeps it.</summary>
public sealed record Contact(Guid ContactId, string ContactedBy, string Channel, string Outcome, DateOnly ContactedOn, DateOnly? PromisedOn);

/// <summary>A loan, rebuilt from its events.</summary>
public sealed record Loan(
    Guid Id,
    Guid ParticipantId,
    string Region,
    string ProductCode,
    int ProductVersion,
    decimal AmountSek,
    int TermMonths,
    int GraceMonths,
    string PreparedBy,
    DateOnly AppliedOn,
    Offer Offer,
    string Status,
    string? ApprovedBy = null,
    DateOnly? ApprovedOn = null,
    string? RejectionReason = null,
    string? DisbursedBy = null,
    DateOnly? DisbursedOn = null,
    LoanTerms? Terms = null,
    IReadOnlyList<ScheduleVersion>? Schedules = null,
    IReadOnlyList<Payment>? Payments = null,
    RescheduleRequested? PendingReschedule = null,
    int Reschedulings = 0,
    WriteOffProposed? PendingWriteOff = null,
    decimal WrittenOffSek = 0m,
    DateOnly? WrittenOffOn = null,
    decimal RecoveredSek = 0m,
    IReadOnlyList<string>? RecoveryReferences = null,
    string Bucket = "current",
    IReadOnlyList<BucketMove>? BucketHistory = null,
    DateOnly? SettledOn = null,
    bool HolderErased = false,
    DateOnly? RejectedOn = null,
    IReadOnlyList<Contact>? Contacts = null) : IRegional
{

    public static Loan Create(LoanApplied e) =>
        new(e.LoanId, e.ParticipantId, e.Region, e.ProductCode, e.ProductVersion, e.AmountSek, e.TermMonths, e.GraceMonths, e.PreparedBy,
            e.AppliedOn, e.Offer, LoanStatus.Applied);

    public static Loan Apply(LoanApproved e, Loan l) => l with { Status = LoanStatus.Approved, ApprovedBy = e.ApprovedBy, ApprovedOn = e.ApprovedOn };

    public static Loan Apply(LoanRejected e, Loan l) => l with { Status = LoanStatus.Rejected, RejectionReason = e.Reason, RejectedOn = e.RejectedOn };

    public static Loan Apply(LoanDisbursed e, Loan l) => l with
    {
        Status = LoanStatus.Active,
        DisbursedBy = e.DisbursedBy,
        DisbursedOn = e.DisbursedOn,
        Terms = e.Terms,
        Schedules = [new ScheduleVersion(e.DisbursedOn, e.Schedule)]
    };

    public static Loan Apply(RepaymentRecorded e, Loan l) => l with
    {
        Payments = [.. l.Payments ?? [], new Payment(e.Reference, e.AmountSek, e.PaidOn, e.Allocations, e.PrepaidPrincipalSek, e.OverpaymentSek)]
    };

    public static Loan Apply(ScheduleReplaced e, Loan l)
    {
        var current = l.Schedules![^1].Instalments;
        // What fell due by then stays; the new instalments replace the rest (none left: the loan was repaid).
        var kept = current.Where(i => i.DueOn <= e.EffectiveOn && (e.Future.Count == 0 || i.Number < e.Future[0].Number)).ToList();
        if (e.CloseDueInstalments)
        {
            var paid = Ledger.PaidBy(l, DateOnly.MaxValue);
            kept = kept.Select(i => paid.GetValueOrDefault(i.Number) is { } p
                ? i with { PrincipalSek = p.PrincipalSek, InterestSek = p.InterestSek, FeesSek = p.FeesSek }
                : i with { PrincipalSek = 0, InterestSek = 0, FeesSek = 0 }).ToList();
        }
        return l with { Schedules = [.. l.Schedules, new ScheduleVersion(e.EffectiveOn, [.. kept, .. e.Future])] };
    }

    public static Loan Apply(RescheduleRequested e, Loan l) => l with { PendingReschedule = e };

    public static Loan Apply(LoanRescheduled e, Loan l) => l with { PendingReschedule = null, Reschedulings = l.Reschedulings + 1 };

    public static Loan Apply(WriteOffProposed e, Loan l) => l with { PendingWriteOff = e };

    public static Loan Apply(LoanWrittenOff e, Loan l) =>
        l with { Status = LoanStatus.WrittenOff, PendingWriteOff = null, WrittenOffSek = e.AmountSek, WrittenOffOn = e.WrittenOffOn };

    public static Loan Apply(RecoveryRecorded e, Loan l) =>
        l with { RecoveredSek = l.RecoveredSek + e.AmountSek, RecoveryReferences = [.. l.RecoveryReferences ?? [], e.Reference] };

    public static Loan Apply(ArrearsBucketMoved e, Loan l) =>
        l with { Bucket = e.To, BucketHistory = [.. l.BucketHistory ?? [], new BucketMove(e.From, e.To, e.DaysPastDue, e.AsOf)] };

    public static Loan Apply(BorrowerContacted e, Loan l) => l with
    {
        Contacts = [.. l.Contacts ?? [], new Contact(e.ContactId, e.ContactedBy, e.Channel, e.Outcome, e.ContactedOn, e.PromisedOn)]
    };

    public static Loan Apply(LoanSettled e, Loan l) => l with { Status = LoanStatus.Settled, SettledOn = e.SettledOn };

    public static Loan Apply(LoanHolderErased e, Loan l) => l with
    {
        HolderErased = true,
        Payments = l.Payments?.Select(p => p with { Reference = Erasure.Placeholder }).ToList(),
        RecoveryReferences = l.RecoveryReferences?.Select(_ => Erasure.Placeholder).ToList()
    };

    /// <summary>
    /// The loan after one more event of its stream: the one fold, used by the deciders' callers, the tests and (through the same
    /// Apply methods) the stream's snapshot. A stream starts with <see cref="LoanApplied"/> (<see cref="Create"/>); an event
    /// this does not know is an error, never silently skipped.
    /// </summary>
    public static Loan Next(Loan loan, ILoanEvent e) => e switch
    {
        LoanApproved x => Apply(x, loan),
        LoanRejected x => Apply(x, loan),
        LoanDisbursed x => Apply(x, loan),
        RepaymentRecorded x => Apply(x, loan),
        ScheduleReplaced x => Apply(x, loan),
        RescheduleRequested x => Apply(x, loan),
        LoanRescheduled x => Apply(x, loan),
        WriteOffProposed x => Apply(x, loan),
        LoanWrittenOff x => Apply(x, loan),
        RecoveryRecorded x => Apply(x, loan),
        ArrearsBucketMoved x => Apply(x, loan),
        LoanSettled x => Apply(x, loan),
        BorrowerContacted x => Apply(x, loan),
        LoanHolderErased x => Apply(x, loan),
        LoanApplied => throw new InvalidOperationException($"Loan {loan.Id} already exists: a stream starts with its application once."),
        _ => throw new NotSupportedException($"{e.GetType().Name} has no fold in Loan.Next.")
    };

    /// <summary>The loan after <paramref name="events"/> (a decider's, or a stream's from here on).</summary>
    public Loan Fold(IEnumerable<ILoanEvent> events) => events.Aggregate(this, Next);

    public IReadOnlyList<Instalment> CurrentSchedule => Schedules is { Count: > 0 } s ? s[^1].Instalments : [];

    /// <summary>Stored with the snapshot, so that the region's worklist and portfolio read these figures alone.</summary>
    public LoanStanding Standing => LoanStanding.Of(this);

    public bool HasPayment(string reference) => (Payments ?? []).Any(p => p.Reference == reference);
}

public static class LoansModule
{
    public static StoreOptions ConfigureLoans(this StoreOptions options)
    {
        options.Projections.Snapshot<Loan>(SnapshotLifecycle.Inline);
        options.Schema.For<Loan>().Index(l => l.ParticipantId).Index(l => l.Region);
        // A payment reference is often her identity number (normal in Sweden): erasure blanks them in the stored events.
        options.Events.AddMaskingRuleForProtectedInformation<RepaymentRecorded>(e => e with { Reference = Erasure.Placeholder });
        options.Events.AddMaskingRuleForProtectedInformation<RecoveryRecorded>(e => e with { Reference = Erasure.Placeholder });
        options.Schema.For<Products.LoanProduct>();
        options.Schema.For<Products.CurrentProduct>();
        options.Schema.For<Reminding.ReminderIssued>();
        options.Schema.For<Statements.CreditStatement>().Index(s => s.ParticipantId);
        return options;
    }
}

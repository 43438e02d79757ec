using Wolverine.Attributes;

namespace NeemPlatform.Contracts;

/// <summary>
/// Lending opened (or raised) the participant's credit file from an approved business plan: she may now
/// apply for a micro-loan of at most the financing limit. Amounts are exact SEK.
/// Producer: Lending. Consumers: Impact (MIS history).
/// </summary>
[MessageIdentity("neem.lending.credit-file-opened.v1")]
public sealed record CreditFileOpened(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    decimal FinancingLimitSek,
    decimal ExpectedMonthlySurplusSek,
    DateOnly OpenedOn,
    DateTimeOffset OccurredAt);

// Loan contracts. Producer: Lending. Consumers: Impact (MIS history: the loan portfolio, PAR, write-offs,
// instalments paid on time). Amounts are exact SEK.

/// <summary>A loan officer prepared an application for a participant with an approved business plan.</summary>
[MessageIdentity("neem.lending.loan-applied.v1")]
public sealed record LoanApplied(Guid EventId, Guid LoanId, Guid ParticipantId, string Region, string ProductCode, int ProductVersion,
    decimal AmountSek, int TermMonths, decimal EffectiveAnnualRatePercent, DateOnly AppliedOn, DateTimeOffset OccurredAt);

/// <summary>A second person approved the application.</summary>
[MessageIdentity("neem.lending.loan-approved.v1")]
public sealed record LoanApproved(Guid EventId, Guid LoanId, Guid ParticipantId, string Region, DateOnly ApprovedOn, DateTimeOffset OccurredAt);

/// <summary>The application was rejected, with a reason code.</summary>
[MessageIdentity("neem.lending.loan-rejected.v1")]
public sealed record LoanRejected(Guid EventId, Guid LoanId, Guid ParticipantId, string Region, string Reason, DateOnly RejectedOn,
    DateTimeOffset OccurredAt);

/// <summary>The loan was paid out; its schedule starts.</summary>
[MessageIdentity("neem.lending.loan-disbursed.v1")]
public sealed record LoanDisbursed(Guid EventId, Guid LoanId, Guid ParticipantId, string Region, decimal AmountSek, int Instalments,
    DateOnly FirstDueOn, DateOnly DisbursedOn, string LoanOfficer, DateTimeOffset OccurredAt);

/// <summary>
/// A repayment was received (counted once per payment reference).
/// InstalmentsDue and InstalmentsPaidOnTime count the loan's instalments fallen due by the payment date and those paid in full by their due date.
/// </summary>
[MessageIdentity("neem.lending.repayment-received.v1")]
public sealed record RepaymentReceived(Guid EventId, Guid LoanId, Guid ParticipantId, string Region, decimal AmountSek, DateOnly PaidOn,
    decimal PrincipalOutstandingSek, DateTimeOffset OccurredAt, int InstalmentsDue = 0, int InstalmentsPaidOnTime = 0);

/// <summary>The loan moved between delinquency buckets (current, 1-30, 31-60, 61-90, over-90).</summary>
[MessageIdentity("neem.lending.arrears-bucket-changed.v1")]
public sealed record ArrearsBucketChanged(Guid EventId, Guid LoanId, Guid ParticipantId, string Region, string FromBucket, string ToBucket,
    int DaysPastDue, decimal PrincipalOutstandingSek, DateOnly AsOf, DateTimeOffset OccurredAt);

/// <summary>A second person approved a new schedule for the rest of the loan.</summary>
[MessageIdentity("neem.lending.loan-rescheduled.v1")]
public sealed record LoanRescheduled(Guid EventId, Guid LoanId, Guid ParticipantId, string Region, int RemainingInstalments,
    DateOnly RescheduledOn, DateTimeOffset OccurredAt);

/// <summary>Everything is paid: the loan ended well.</summary>
[MessageIdentity("neem.lending.loan-settled.v1")]
public sealed record LoanSettled(Guid EventId, Guid LoanId, Guid ParticipantId, string Region, DateOnly SettledOn, DateTimeOffset OccurredAt);

/// <summary>A second person approved writing the loan off.</summary>
[MessageIdentity("neem.lending.loan-written-off.v1")]
public sealed record LoanWrittenOff(Guid EventId, Guid LoanId, Guid ParticipantId, string Region, decimal AmountSek, DateOnly WrittenOffOn,
    DateTimeOffset OccurredAt);

/// <summary>
/// A reminder to the borrower falls due: before an instalment's due date, or a number of days after it was missed (the loan
/// product says when). <see cref="Rule"/> is "before-{days}" or "late-{days}". Lending sends each rule of each instalment once.
/// Producer: Lending. Consumers: Participant (writes to her, in her language, unless she said no to messages).
/// </summary>
[Wolverine.Attributes.MessageIdentity("neem.lending.repayment-reminder-due.v1")]
public sealed record RepaymentReminderDue(
    Guid EventId,
    Guid LoanId,
    Guid ParticipantId,
    string Region,
    int Instalment,
    string Rule,
    DateOnly DueOn,
    decimal AmountDueSek,
    DateTimeOffset OccurredAt);

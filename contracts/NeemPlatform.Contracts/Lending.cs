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

namespace NeemPlatform.Lending.CreditFiles;

/// <summary>An event of a participant's credit file stream (stream id = participant id).</summary>
public interface ICreditFileEvent
{
    Guid ParticipantId { get; }
}

/// <summary>An approved business plan set how much the participant may borrow.</summary>
public sealed record FinancingLimitGranted(
    Guid ParticipantId, Guid SourceEventId, Guid EventId, decimal FinancingLimitSek, decimal ExpectedMonthlySurplusSek,
    DateOnly GrantedOn, DateTimeOffset At, string Region = "") : ICreditFileEvent;

/// <summary>The participant's file at the lender, one stream per participant (stream id = participant id).</summary>
public sealed record CreditFile(
    Guid Id,
    DateOnly OpenedOn,
    decimal FinancingLimitSek,
    decimal ExpectedMonthlySurplusSek,
    DateOnly LimitGrantedOn,
    string Region = "")
{
    public static CreditFile Create(FinancingLimitGranted e) =>
        new(e.ParticipantId, e.GrantedOn, e.FinancingLimitSek, e.ExpectedMonthlySurplusSek, e.GrantedOn, e.Region);

    public static CreditFile Apply(FinancingLimitGranted e, CreditFile file) => file with
    {
        FinancingLimitSek = e.FinancingLimitSek,
        ExpectedMonthlySurplusSek = e.ExpectedMonthlySurplusSek,
        LimitGrantedOn = e.GrantedOn
    };

    /// <summary>
    /// The file after one more event: the one fold of the stream, which Marten's snapshot (through Create and Apply) and every
    /// caller share. An event it does not know is refused, never skipped.
    /// </summary>
    public static CreditFile Next(CreditFile? file, ICreditFileEvent e) => (file, e) switch
    {
        (null, FinancingLimitGranted granted) => Create(granted),
        (not null, FinancingLimitGranted granted) => Apply(granted, file),
        _ => throw new NotSupportedException($"{e.GetType().Name} has no fold in CreditFile.Next.")
    };

    public static CreditFile? Fold(IEnumerable<ICreditFileEvent> events) => events.Aggregate((CreditFile?)null, Next);
}

public static class CreditFilesModule
{
    public static StoreOptions ConfigureCreditFiles(this StoreOptions options)
    {
        options.Projections.Snapshot<CreditFile>(SnapshotLifecycle.Inline);
        return options;
    }
}

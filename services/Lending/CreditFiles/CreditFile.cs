namespace NeemPlatform.Lending.CreditFiles;

/// <summary>An approved business plan set how much the participant may borrow.</summary>
public sealed record FinancingLimitGranted(
    Guid ParticipantId, Guid SourceEventId, Guid EventId, decimal FinancingLimitSek, decimal ExpectedMonthlySurplusSek,
    DateOnly GrantedOn, DateTimeOffset At, string Region = "");

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
}

public static class CreditFilesModule
{
    public static StoreOptions ConfigureCreditFiles(this StoreOptions options)
    {
        options.Projections.Snapshot<CreditFile>(SnapshotLifecycle.Inline);
        return options;
    }
}

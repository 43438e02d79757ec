using JasperFx.Events.Projections;
using Marten;

namespace NeemPlatform.Impact.History;

// The MIS history: one stream per participant (stream id = participant id) in Impact's own event store.
// Each entry records a fact another service published: when it happened (OccurredAt, the producer's
// time) and when the MIS learned of it (RecordedAt). SourceEventId is the producer's EventId.

public interface IMisEntry
{
    Guid ParticipantId { get; }
    Guid SourceEventId { get; }
    string Region { get; }
    DateTimeOffset OccurredAt { get; }
    DateTimeOffset RecordedAt { get; }
}

public sealed record SelectionRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly SelectedOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record EnrolmentRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, DateOnly EnrolledOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record PlanApprovalRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, decimal FinancingNeedSek, decimal ExpectedMonthlySurplusSek,
    DateOnly ApprovedOn, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record CreditFileRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, decimal FinancingLimitSek, DateOnly OpenedOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

public sealed record LeavingRecorded(
    Guid ParticipantId, Guid SourceEventId, string Region, string Outcome, DateOnly LeftOn,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt) : IMisEntry;

/// <summary>What the MIS knows of one participant, built from her history.</summary>
public sealed record MisParticipant(
    Guid Id,
    string Region,
    int Entries,
    DateOnly? SelectedOn,
    DateOnly? EnrolledOn,
    DateOnly? PlanApprovedOn,
    decimal? FinancingNeedSek,
    decimal? CreditLimitSek,
    string? Outcome,
    DateOnly? LeftOn)
{
    private static MisParticipant Empty(IMisEntry e) => new(e.ParticipantId, e.Region, 0, null, null, null, null, null, null, null);

    public static MisParticipant Create(SelectionRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(EnrolmentRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(PlanApprovalRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(CreditFileRecorded e) => Apply(e, Empty(e));
    public static MisParticipant Create(LeavingRecorded e) => Apply(e, Empty(e));

    public static MisParticipant Apply(SelectionRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, SelectedOn = e.SelectedOn };

    public static MisParticipant Apply(EnrolmentRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, EnrolledOn = e.EnrolledOn };

    public static MisParticipant Apply(PlanApprovalRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, PlanApprovedOn = e.ApprovedOn, FinancingNeedSek = e.FinancingNeedSek };

    public static MisParticipant Apply(CreditFileRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, CreditLimitSek = e.FinancingLimitSek };

    public static MisParticipant Apply(LeavingRecorded e, MisParticipant p) =>
        p with { Entries = p.Entries + 1, Outcome = e.Outcome, LeftOn = e.LeftOn };
}

public static class HistoryModule
{
    public static StoreOptions ConfigureHistory(this StoreOptions options)
    {
        options.Projections.Snapshot<MisParticipant>(SnapshotLifecycle.Inline);
        return options;
    }
}

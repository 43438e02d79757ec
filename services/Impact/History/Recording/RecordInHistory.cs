using Marten;
using Microsoft.Extensions.Logging;
using NeemPlatform.Contracts;
using NeemPlatform.Hosting;
using Wolverine;

namespace NeemPlatform.Impact.History.Recording;

/// <summary>
/// Every contract the other services publish becomes one entry in the participant's MIS history: once,
/// whatever the redeliveries (the producer's EventId is marked handled in the same transaction).
/// A participant's leaving also sets her six-month follow-up, which Participant puts on the advisor's list.
/// </summary>
public static class RecordInHistoryHandler
{
    public static IMisEntry ToEntry(object message, DateTimeOffset recordedAt) => message switch
    {
        ParticipantSelected m => new SelectionRecorded(m.ParticipantId, m.EventId, m.Region, m.SelectedOn, m.OccurredAt, recordedAt),
        CoachingEnrolled m => new EnrolmentRecorded(m.ParticipantId, m.EventId, m.Region, m.EnrolledOn, m.OccurredAt, recordedAt),
        BusinessPlanApproved m => new PlanApprovalRecorded(m.ParticipantId, m.EventId, m.Region, m.FinancingNeedSek,
            m.ExpectedMonthlySurplusSek, m.ApprovedOn, m.OccurredAt, recordedAt),
        CreditFileOpened m => new CreditFileRecorded(m.ParticipantId, m.EventId, m.Region, m.FinancingLimitSek, m.OpenedOn,
            m.OccurredAt, recordedAt),
        ParticipantLeftProgramme m => new LeavingRecorded(m.ParticipantId, m.EventId, m.Region, m.Outcome, m.LeftOn,
            m.OccurredAt, recordedAt),
        _ => throw new ArgumentException($"{message.GetType().Name} is not part of the MIS history.", nameof(message))
    };

    /// <summary>The follow-up the funders' reports need: six months after she left.</summary>
    public static FollowUpDue FollowUpFor(LeavingRecorded left, Guid eventId, DateTimeOffset now) =>
        new(eventId, left.ParticipantId, left.Region, left.LeftOn, left.LeftOn.AddMonths(6), now);

    public static Task Handle(ParticipantSelected message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(CoachingEnrolled message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(BusinessPlanApproved message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(CreditFileOpened message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(ParticipantLeftProgramme message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    private static async Task RecordAsync(object message, Guid eventId, string messageRegion, IDocumentSession session,
        IMessageContext bus, TimeProvider time, RegionOptions region, ILogger logger, CancellationToken ct)
    {
        if (messageRegion != region.Region)
        {
            logger.LogWarning("Ignored {Message} {EventId} for another region", message.GetType().Name, eventId);
            return;
        }

        if (await session.AlreadyHandledAsync(eventId, ct))
        {
            return;
        }

        var now = time.GetUtcNow();
        var entry = ToEntry(message, now);
        session.Events.Append(entry.ParticipantId, entry);
        session.MarkHandled(eventId, message, now);

        if (entry is LeavingRecorded left)
        {
            await bus.PublishAsync(FollowUpFor(left, Guid.CreateVersion7(now), now));
        }
    }
}

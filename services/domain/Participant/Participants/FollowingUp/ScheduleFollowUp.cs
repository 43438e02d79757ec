namespace NeemPlatform.Participant.Participants.FollowingUp;

/// <summary>
/// Impact says a follow-up falls due (at exit, six or twelve months after she left): it goes on the participant's record
/// once, however often the message arrives, and not at all when that point is already recorded.
/// </summary>
public static class ScheduleFollowUpHandler
{
    public static FollowUpScheduled? Decide(Participant? participant, FollowUpDue message, DateTimeOffset now) =>
        participant is null || participant.Erased
        || (participant.ScheduledFollowUps ?? []).Any(s => s.Point == message.Point && s.DueOn == message.DueOn)
        || (participant.FollowUps ?? []).Any(f => f.Point == message.Point)
            ? null
            : new FollowUpScheduled(message.ParticipantId, message.EventId, message.DueOn, now, message.Point);

    public static async Task Handle(FollowUpDue message, IDocumentSession session, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct)
    {
        if (message.Region != region.Region)
        {
            logger.LogWarning("Ignored {Message} {EventId} for another region", nameof(FollowUpDue), message.EventId);
            return;
        }

        if (await session.AlreadyHandledAsync(message.EventId, ct))
        {
            return;
        }

        var now = time.GetUtcNow();
        var stream = await session.FetchForExclusiveWritingAsync<Participant>(message.ParticipantId, ct);
        var scheduled = Decide(stream.Aggregate, message, now);
        if (scheduled is not null)
        {
            stream.AppendOne(scheduled);
        }

        session.MarkHandled(message.EventId, message, now);
    }
}

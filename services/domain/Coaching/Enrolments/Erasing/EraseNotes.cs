namespace NeemPlatform.Coaching.Enrolments.Erasing;

/// <summary>
/// The Participant service erased her personal data: Coaching deletes its free text about her (plan texts,
/// reasons, comments), erases the budget labels in her stored events and her enrolment, and keeps the anonymous
/// history (codes, dates, hours, figures). Once, whatever the
/// redeliveries.
/// </summary>
public static class EraseNotesHandler
{
    public static async Task Handle(ParticipantErased message, IDocumentSession session, TimeProvider time, RegionOptions region,
        ILogger logger, CancellationToken ct)
    {
        if (message.Region != region.Region)
        {
            logger.LogWarning("Ignored {Message} {EventId} for another region", nameof(ParticipantErased), message.EventId);
            return;
        }

        if (await session.AlreadyHandledAsync(message.EventId, ct))
        {
            return;
        }

        var now = time.GetUtcNow();
        await session.MaskEventsAsync([message.ParticipantId], ct);
        session.Delete<CoachingNotes>(message.ParticipantId);
        var stream = await session.FetchForExclusiveWritingAsync<Enrolment>(message.ParticipantId, ct);
        if (stream.Aggregate is { Erased: false })
        {
            stream.AppendOne(new NotesErased(message.ParticipantId, message.EventId, now));
        }

        session.MarkHandled(message.EventId, message, now);
    }
}

using Marten;
using Microsoft.Extensions.Logging;
using NeemPlatform.Contracts;
using NeemPlatform.Hosting;
using Wolverine;

namespace NeemPlatform.Coaching.Enrolments.Enrolling;

/// <summary>
/// A participant who joined a network group (the Participant service selected her and her region had
/// room) is enrolled in coaching: once, however often the
/// message arrives (the stream id is her participant id; a concurrent duplicate loses on the stream's
/// primary key and its retry finds the enrolment).
/// </summary>
public static class EnrolOnNetworkGroupAssignmentHandler
{
    public static EnrolmentStarted? Decide(bool alreadyEnrolled, ParticipantAssignedToNetworkGroup message, Guid eventId, DateTimeOffset now) =>
        alreadyEnrolled ? null : new EnrolmentStarted(message.ParticipantId, message.EventId, eventId, message.AssignedOn, now);

    public static async Task Handle(ParticipantAssignedToNetworkGroup message, IDocumentSession session, IMessageContext bus,
        TimeProvider time, RegionOptions region, ILogger logger, CancellationToken ct)
    {
        if (message.Region != region.Region)
        {
            logger.LogWarning("Ignored {Message} {EventId} for another region", nameof(ParticipantAssignedToNetworkGroup), message.EventId);
            return;
        }

        var now = time.GetUtcNow();
        var existing = await session.Events.FetchStreamStateAsync(message.ParticipantId, ct);
        var started = Decide(existing is not null, message, Guid.CreateVersion7(now), now);
        if (started is null)
        {
            return;
        }

        session.Events.StartStream<Enrolment>(message.ParticipantId, started);
        await bus.PublishAsync(new CoachingEnrolled(started.EventId, started.ParticipantId, region.Region,
            started.EnrolledOn, now));
    }
}

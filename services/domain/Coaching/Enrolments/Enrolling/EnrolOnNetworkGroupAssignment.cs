namespace NeemPlatform.Coaching.Enrolments.Enrolling;

/// <summary><c>Neem:Coaching:PlannedMonths</c>: the planned coaching period (the programme plans about 3–6 months full time).</summary>
public sealed record CoachingSettings(int PlannedMonths);

/// <summary>
/// A participant who joined a network group (the Participant service selected her and her region had room)
/// is enrolled in coaching once, however often the message arrives: on the region's current curriculum
/// version, with the group's advisor when the group has one, for the planned period.
/// </summary>
public static class EnrolOnNetworkGroupAssignmentHandler
{
    public static EnrolmentStarted? Decide(bool alreadyEnrolled, ParticipantAssignedToNetworkGroup message, Guid eventId, int curriculumVersion,
        string? advisorId, int plannedMonths, DateTimeOffset now) =>
        alreadyEnrolled
            ? null
            : new EnrolmentStarted(message.ParticipantId, message.EventId, eventId, message.AssignedOn, now, message.Region,
                message.NetworkGroupId, curriculumVersion, message.AssignedOn.AddMonths(plannedMonths), advisorId);

    public static async Task Handle(ParticipantAssignedToNetworkGroup message, IDocumentSession session, IMessageContext bus,
        TimeProvider time, RegionOptions region, CoachingSettings settings, ILogger logger, CancellationToken ct)
    {
        if (message.Region != region.Region)
        {
            logger.LogWarning("Ignored {Message} {EventId} for another region", nameof(ParticipantAssignedToNetworkGroup), message.EventId);
            return;
        }

        var now = time.GetUtcNow();
        var existing = await session.Events.FetchStreamStateAsync(message.ParticipantId, ct);
        var curriculum = await CurriculumEndpoints.CurrentAsync(session, region.Region, now, ct);
        var advisor = await session.LoadAsync<GroupAdvisor>(message.NetworkGroupId, ct);
        var started = Decide(existing is not null, message, Guid.CreateVersion7(now), curriculum.Version, advisor?.AdvisorId,
            settings.PlannedMonths, now);
        if (started is null)
        {
            return;
        }

        session.Events.StartStream<Enrolment>(message.ParticipantId, started);
        await bus.PublishAsync(new CoachingEnrolled(started.EventId, started.ParticipantId, region.Region, started.EnrolledOn, now));
    }
}

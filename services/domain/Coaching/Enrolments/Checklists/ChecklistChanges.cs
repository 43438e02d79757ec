namespace NeemPlatform.Coaching.Enrolments.Checklists;

/// <summary>A change of her checklist: her enrolment loaded for writing at the version the advisor saw, decided, appended, answered.</summary>
public static class ChecklistChanges
{
    public static async Task<IResult> ChangeAsync(Guid participantId, long expectedVersion, ClaimsPrincipal user, IDocumentSession session,
        IMessageBus bus, TimeProvider time, Func<CurriculumVersion, Enrolment, DateTimeOffset, object> decide,
        Func<DateTimeOffset, Task>? afterAppend, CancellationToken ct)
    {
        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } enrolment } stream)
        {
            return EnrolmentAccess.NotFound(participantId);
        }

        if (EnrolmentAccess.Stale(stream, expectedVersion) is { } stale)
        {
            return stale;
        }

        var curriculum = await EnrolmentReadEndpoints.CurriculumOf(session, enrolment, time, ct);
        var now = time.GetUtcNow();
        var outcome = decide(curriculum, enrolment, now);
        if (outcome is Checklist.Refusal refusal)
        {
            return Problems.Refused("Checklist change refused", refusal.Reason);
        }

        var events = Checklist.Events(outcome);
        foreach (var e in events)
        {
            enrolment = Enrolment.Next(enrolment, e);
            switch (e)
            {
                case ModuleApproved a:
                    var module = curriculum.Find(a.ModuleCode)!;
                    await bus.PublishAsync(new CoachingModuleApproved(a.EventId, enrolment.Id, enrolment.Region, a.ModuleCode, module.Order,
                        curriculum.Modules.Count, a.ApprovedOn, now));
                    break;
                case CoachingCompletedEvent c:
                    await bus.PublishAsync(new CoachingCompleted(c.EventId, enrolment.Id, enrolment.Region, c.CompletedOn,
                        (enrolment.Approvals ?? []).Count, now));
                    break;
            }
        }

        if (events.Count > 0)
        {
            stream.AppendMany(events);
            if (afterAppend is not null)
            {
                await afterAppend(now);
            }
        }

        return TypedResults.Ok(new EnrolmentView(enrolment, stream.Version()));
    }
}

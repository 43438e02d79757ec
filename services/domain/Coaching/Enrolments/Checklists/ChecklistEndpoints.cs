namespace NeemPlatform.Coaching.Enrolments.Checklists;

/// <summary>Tick or untick a checklist item. <c>expectedVersion</c> is the enrolment version you read.</summary>
public sealed record TickItem(string ModuleCode, string ItemCode, DateOnly TickedOn, long ExpectedVersion);

public sealed record UntickItem(string ModuleCode, string ItemCode, long ExpectedVersion);

public sealed record ApproveModule(DateOnly ApprovedOn, long ExpectedVersion);

public sealed record ReopenModule(string Reason, DateOnly ReopenedOn, long ExpectedVersion);

public static class ChecklistEndpoints
{
    private static async Task<IResult> ChangeAsync(Guid participantId, long expectedVersion, ClaimsPrincipal user, IDocumentSession session,
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

    [WolverinePost("/api/enrolments/{participantId}/checklist/ticks", Name = "TickChecklistItem")]
    [EndpointSummary("Tick a checklist item (refused in an approved module; 409 when your version is stale)")]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static Task<IResult> TickItem(Guid participantId, TickItem command, ClaimsPrincipal user, IDocumentSession session, IMessageBus bus,
        TimeProvider time, CancellationToken ct) =>
        ChangeAsync(participantId, command.ExpectedVersion, user, session, bus, time,
            (curriculum, enrolment, now) => Checklist.Tick(curriculum, enrolment, command.ModuleCode, command.ItemCode, command.TickedOn,
                user.StaffId(), now), null, ct);

    [WolverinePost("/api/enrolments/{participantId}/checklist/unticks", Name = "UntickChecklistItem")]
    [EndpointSummary("Untick a checklist item of a module that is not approved")]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> UntickItem(Guid participantId, UntickItem command, ClaimsPrincipal user, IDocumentSession session,
        IMessageBus bus, TimeProvider time, CancellationToken ct) =>
        ChangeAsync(participantId, command.ExpectedVersion, user, session, bus, time,
            (curriculum, enrolment, now) => Checklist.Untick(curriculum, enrolment, command.ModuleCode, command.ItemCode, user.StaffId(), now), null, ct);

    [WolverinePost("/api/enrolments/{participantId}/modules/{moduleCode}/approval", Name = "ApproveModule")]
    [EndpointSummary("Approve a module: every mandatory item ticked, the module before it approved; the last one completes the coaching")]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static Task<IResult> Approve(Guid participantId, string moduleCode, ApproveModule command, ClaimsPrincipal user,
        IDocumentSession session, IMessageBus bus, TimeProvider time, CancellationToken ct) =>
        ChangeAsync(participantId, command.ExpectedVersion, user, session, bus, time,
            (curriculum, enrolment, now) => Checklist.Approve(curriculum, enrolment, moduleCode, command.ApprovedOn, user.StaffId(),
                Guid.CreateVersion7(now), Guid.CreateVersion7(now), now), null, ct);

    [WolverinePost("/api/enrolments/{participantId}/modules/{moduleCode}/reopening", Name = "ReopenModule")]
    [EndpointSummary("Reopen an approved module, with a reason")]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Reopen(Guid participantId, string moduleCode, ReopenModule command, ClaimsPrincipal user,
        IDocumentSession session, IMessageBus bus, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation()
            .Text(command.Reason, "reason", 1000, required: true, multiline: true)
            .Date(command.ReopenedOn, "reopenedOn");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        return await ChangeAsync(participantId, command.ExpectedVersion, user, session, bus, time,
            (curriculum, enrolment, now) => Checklist.Reopen(curriculum, enrolment, moduleCode, command.ReopenedOn, user.StaffId(), now),
            async now =>
            {
                var notes = await session.LoadAsync<CoachingNotes>(participantId, ct) ?? new CoachingNotes { Id = participantId };
                notes.Notes.Add(new CoachingNote($"reopened:{moduleCode}", command.Reason.Trim(), user.StaffId(), now));
                session.Store(notes);
            }, ct);
    }
}

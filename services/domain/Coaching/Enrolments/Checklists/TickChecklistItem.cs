namespace NeemPlatform.Coaching.Enrolments.Checklists;

/// <summary>Tick or untick a checklist item. <c>expectedVersion</c> is the enrolment version you read.</summary>
public sealed record TickItem(string ModuleCode, string ItemCode, DateOnly TickedOn, long ExpectedVersion);

public static class TickChecklistItemEndpoint
{
    [WolverinePost("/api/enrolments/{participantId}/checklist/ticks", Name = "TickChecklistItem")]
    [EndpointSummary("Tick a checklist item (refused in an approved module; 409 when your version is stale)")]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static Task<IResult> TickItem(Guid participantId, TickItem command, ClaimsPrincipal user, IDocumentSession session, IMessageBus bus,
        TimeProvider time, CancellationToken ct) =>
        ChecklistChanges.ChangeAsync(participantId, command.ExpectedVersion, user, session, bus, time,
            (curriculum, enrolment, now) => Checklist.Tick(curriculum, enrolment, command.ModuleCode, command.ItemCode, command.TickedOn,
                user.StaffId(), now), null, ct);
}

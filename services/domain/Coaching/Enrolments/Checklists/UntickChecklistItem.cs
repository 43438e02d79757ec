namespace NeemPlatform.Coaching.Enrolments.Checklists;

public sealed record UntickItem(string ModuleCode, string ItemCode, long ExpectedVersion);

public static class UntickChecklistItemEndpoint
{
    [WolverinePost("/api/enrolments/{participantId}/checklist/unticks", Name = "UntickChecklistItem")]
    [EndpointSummary("Untick a checklist item of a module that is not approved")]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> UntickItem(Guid participantId, UntickItem command, ClaimsPrincipal user, IDocumentSession session,
        IMessageBus bus, TimeProvider time, CancellationToken ct) =>
        ChecklistChanges.ChangeAsync(participantId, command.ExpectedVersion, user, session, bus, time,
            (curriculum, enrolment, now) => Checklist.Untick(curriculum, enrolment, command.ModuleCode, command.ItemCode, user.StaffId(), now), null, ct);
}

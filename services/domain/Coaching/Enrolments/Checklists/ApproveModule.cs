namespace NeemPlatform.Coaching.Enrolments.Checklists;

public sealed record ApproveModule(DateOnly ApprovedOn, long ExpectedVersion);

public static class ApproveModuleEndpoint
{
    [WolverinePost("/api/enrolments/{participantId}/modules/{moduleCode}/approval", Name = "ApproveModule")]
    [EndpointSummary("Approve a module: every mandatory item ticked, the module before it approved; the last one completes the coaching")]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static Task<IResult> Approve(Guid participantId, string moduleCode, ApproveModule command, ClaimsPrincipal user,
        IDocumentSession session, IMessageBus bus, TimeProvider time, CancellationToken ct) =>
        ChecklistChanges.ChangeAsync(participantId, command.ExpectedVersion, user, session, bus, time,
            (curriculum, enrolment, now) => Checklist.Approve(curriculum, enrolment, moduleCode, command.ApprovedOn, user.StaffId(),
                Guid.CreateVersion7(now), Guid.CreateVersion7(now), now), null, ct);
}

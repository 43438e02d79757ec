namespace NeemPlatform.Coaching.Enrolments.Checklists;

public sealed record ReopenModule(string Reason, DateOnly ReopenedOn, long ExpectedVersion);

public static class ReopenModuleEndpoint
{
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

        return await ChecklistChanges.ChangeAsync(participantId, command.ExpectedVersion, user, session, bus, time,
            (curriculum, enrolment, now) => Checklist.Reopen(curriculum, enrolment, moduleCode, command.ReopenedOn, user.StaffId(), now),
            async now =>
            {
                var notes = await session.LoadAsync<CoachingNotes>(participantId, ct) ?? new CoachingNotes { Id = participantId };
                notes.Notes.Add(new CoachingNote($"reopened:{moduleCode}", command.Reason.Trim(), user.StaffId(), now));
                session.Store(notes);
            }, ct);
    }
}

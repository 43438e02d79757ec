namespace NeemPlatform.Participant.Workshops;

public sealed record RecordAttendance(Guid ParticipantId, bool Attended);

public static class RecordWorkshopAttendanceEndpoint
{
    [WolverinePost("/api/workshops/{workshopId}/attendance", Name = "RecordWorkshopAttendance")]
    [EndpointSummary("Record whether an invited participant attended")]
    [ProducesResponseType<Workshop>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Attendance(Guid workshopId, RecordAttendance command, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        await session.LockAsync($"workshop:{workshopId}", ct);
        if (await WorkshopAccess.OwnAsync(session, workshopId, user, ct) is not { } workshop)
        {
            return Problems.NotFound("workshop", workshopId);
        }

        var guest = workshop.Guests.FindIndex(g => g.ParticipantId == command.ParticipantId);
        if (guest < 0 || await session.ForWritingAsync(command.ParticipantId, user, ct) is not { } stream)
        {
            return Problems.Refused("Attendance refused", "Invite the participant to this workshop first.");
        }

        if (workshop.Guests[guest].Attended == command.Attended)
        {
            return TypedResults.Ok(workshop);
        }

        stream.AppendOne(new WorkshopAttendanceRecorded(command.ParticipantId, workshop.Id, command.Attended, time.GetUtcNow()));
        workshop.Guests[guest] = workshop.Guests[guest] with { Attended = command.Attended };
        session.Store(workshop);
        return TypedResults.Ok(workshop);
    }
}

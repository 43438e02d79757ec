namespace NeemPlatform.Participant.Workshops;

/// <summary>An information workshop of one regional platform, where candidates hear about the programme.</summary>
public sealed class Workshop
{
    public Guid Id { get; set; }
    public string Region { get; set; } = "";
    public DateOnly ScheduledOn { get; set; }
    public string Place { get; set; } = "";
    public List<WorkshopGuest> Guests { get; set; } = [];
}

public sealed record WorkshopGuest(Guid ParticipantId, bool? Attended);

public sealed record ScheduleWorkshop(DateOnly ScheduledOn, string Place);

public sealed record InviteToWorkshop(IReadOnlyList<Guid> ParticipantIds);

public sealed record RecordAttendance(Guid ParticipantId, bool Attended);

public static class WorkshopEndpoints
{
    private static async Task<Workshop?> OwnAsync(IQuerySession session, Guid id, ClaimsPrincipal user, CancellationToken ct) =>
        await session.LoadAsync<Workshop>(id, ct) is { } w && w.Region == user.StaffRegion() ? w : null;

    [WolverinePost("/api/workshops", Name = "ScheduleWorkshop")]
    [EndpointSummary("Schedule an information workshop in your region")]
    [ProducesResponseType<Workshop>(StatusCodes.Status201Created)]
    public static IResult Schedule(ScheduleWorkshop command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session, TimeProvider time)
    {
        var validation = new Validation().Date(command.ScheduledOn, "scheduledOn").Text(command.Place, "place", 200, required: true);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var workshop = new Workshop
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Region = instance.Region,
            ScheduledOn = command.ScheduledOn,
            Place = command.Place.Trim()
        };
        session.Store(workshop);
        return TypedResults.Created($"/api/workshops/{workshop.Id}", workshop);
    }

    [WolverineGet("/api/workshops", Name = "ListWorkshops")]
    [EndpointSummary("Your region's information workshops, latest first")]
    [ProducesResponseType<IReadOnlyList<Workshop>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<Workshop>> List(ClaimsPrincipal user, RegionOptions instance, IQuerySession session, CancellationToken ct)
    {
        var region = instance.Region;
        return await session.Query<Workshop>().Where(w => w.Region == region).OrderByDescending(w => w.ScheduledOn).Take(500).ToListAsync(ct);
    }

    [WolverinePost("/api/workshops/{workshopId}/invitations", Name = "InviteToWorkshop")]
    [EndpointSummary("Invite participants of your region; inviting someone again changes nothing")]
    [ProducesResponseType<Workshop>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Invite(Guid workshopId, InviteToWorkshop command, ClaimsPrincipal user, IDocumentSession session,
        Wolverine.IMessageBus bus, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation()
            .Require(command.ParticipantIds.Count is >= 1 and <= 200, "participantIds", "Between 1 and 200 participant ids.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        await session.LockAsync($"workshop:{workshopId}", ct);
        if (await OwnAsync(session, workshopId, user, ct) is not { } workshop)
        {
            return Problems.NotFound("workshop", workshopId);
        }

        var now = time.GetUtcNow();
        var streams = new List<JasperFx.Events.IEventStream<Participants.Participant>>();
        foreach (var id in command.ParticipantIds.Distinct().Where(id => workshop.Guests.All(g => g.ParticipantId != id)))
        {
            // All or nothing: one unknown (or other region's) participant and no one is invited.
            if (await session.ForWritingAsync(id, user, ct) is not { Aggregate: { } participant } stream)
            {
                return Problems.NotFound("participant", id);
            }

            if (participant.Erased || participant.Status is not (ParticipantStatus.Received or ParticipantStatus.Invited or ParticipantStatus.Interviewed))
            {
                return Problems.Refused("Invitation refused", $"Participant {id} is past selection ({participant.Status}).");
            }

            streams.Add(stream);
        }

        foreach (var stream in streams)
        {
            stream.AppendOne(new InvitedToWorkshop(stream.Id, workshop.Id, workshop.ScheduledOn, now));
            workshop.Guests.Add(new WorkshopGuest(stream.Id, null));
            await Messaging.Messages.QueueOnceAsync(session, bus, stream.Id, $"workshop:{workshop.Id}:{stream.Id}", "workshop-invitation",
                (language, firstName) => Messaging.MessageTexts.WorkshopInvitation(language, firstName, workshop.ScheduledOn, workshop.Place), now, ct);
        }

        session.Store(workshop);
        return TypedResults.Ok(workshop);
    }

    [WolverinePost("/api/workshops/{workshopId}/attendance", Name = "RecordWorkshopAttendance")]
    [EndpointSummary("Record whether an invited participant attended")]
    [ProducesResponseType<Workshop>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Attendance(Guid workshopId, RecordAttendance command, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        await session.LockAsync($"workshop:{workshopId}", ct);
        if (await OwnAsync(session, workshopId, user, ct) is not { } workshop)
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

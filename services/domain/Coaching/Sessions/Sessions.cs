namespace NeemPlatform.Coaching.Sessions;

/// <summary>
/// A coaching session: a group session of a network group, an individual session, a study visit, a guest
/// lecture or language training, with its date, hours and the participants expected (the roster).
/// </summary>
public sealed class Session
{
    public Guid Id { get; set; }
    public string Region { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateOnly On { get; set; }
    public decimal Hours { get; set; }
    public Guid? NetworkGroupId { get; set; }
    public string? ModuleCode { get; set; }
    public List<Guid> Roster { get; set; } = [];
    public Dictionary<Guid, string> Attendance { get; set; } = [];
}

public sealed record ScheduleSession(string Kind, DateOnly On, decimal Hours, Guid? NetworkGroupId = null,
    IReadOnlyList<Guid>? ParticipantIds = null, string? ModuleCode = null);

public sealed record AttendanceEntry(Guid ParticipantId, string Status, decimal? Hours = null);

public sealed record RecordAttendance(IReadOnlyList<AttendanceEntry> Entries);

public static class SessionEndpoints
{
    /// <summary>The kinds of session; a business follow-up is a meeting about her business after her coaching (or her loan), with her alone.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["group", "individual", "study-visit", "guest-lecture", "language-training", "business-follow-up"];
    public static readonly IReadOnlyList<string> Statuses = ["present", "absent", "excused"];

    public static Validation Check(ScheduleSession c) => new Validation()
        .OneOf(c.Kind, Kinds, "kind")
        .Date(c.On, "on")
        .Require(c.Hours is > 0 and <= 12 && decimal.Round(c.Hours, 2) == c.Hours, "hours", "More than 0 and at most 12, in hundredths.")
        .Require(c.Kind is not ("individual" or "business-follow-up") || c.ParticipantIds is { Count: 1 }, "participantIds",
            "An individual session or a business follow-up has one participant.")
        .Require(c.NetworkGroupId is not null || c.ParticipantIds is { Count: > 0 }, "participantIds",
            "Name a network group or the participants.")
        .Require(c.ParticipantIds is null || c.ParticipantIds.Count <= 200, "participantIds", "At most 200.");

    [WolverineGet("/api/sessions", Name = "ListSessions")]
    [EndpointSummary("Your region's sessions from a date (default: 30 days ago; all of hers when a participant is named), soonest first, with roster and attendance")]
    [ProducesResponseType<IReadOnlyList<Session>>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(RegionOptions instance, IQuerySession session, TimeProvider time, CancellationToken ct, DateOnly? from = null,
        Guid? participantId = null)
    {
        var validation = new Validation().Date(from, "from");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        var start = from ?? (participantId is null ? SwedishTime.DateOf(time.GetUtcNow()).AddDays(-30) : DateOnly.MinValue);
        var sessions = session.Query<Session>().Where(s => s.Region == region && s.On >= start);
        if (participantId is { } id)
        {
            sessions = sessions.Where(s => s.Roster.Contains(id));
        }

        return TypedResults.Ok(await sessions.OrderBy(s => s.On).Take(500).ToListAsync(ct));
    }

    [WolverinePost("/api/sessions", Name = "ScheduleSession")]
    [EndpointSummary("Schedule a session for a network group (everyone coached in it) or for named participants")]
    [ProducesResponseType<Session>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Schedule(ScheduleSession command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session, TimeProvider time,
        CancellationToken ct)
    {
        var validation = Check(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        var roster = new List<Guid>();
        if (command.NetworkGroupId is { } groupId)
        {
            roster.AddRange(await session.Query<Enrolment>()
                .Where(e => e.NetworkGroupId == groupId && e.Region == region && e.Status == EnrolmentStatus.Enrolled)
                .Select(e => e.Id).ToListAsync(ct));
        }

        foreach (var id in command.ParticipantIds ?? [])
        {
            if (await session.ForReadingAsync(id, user, ct) is null)
            {
                return EnrolmentAccess.NotFound(id);
            }

            if (!roster.Contains(id))
            {
                roster.Add(id);
            }
        }

        var scheduled = new Session
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Region = region,
            Kind = command.Kind,
            On = command.On,
            Hours = command.Hours,
            NetworkGroupId = command.NetworkGroupId,
            ModuleCode = command.ModuleCode,
            Roster = roster
        };
        session.Store(scheduled);
        return TypedResults.Created($"/api/sessions/{scheduled.Id}", scheduled);
    }

    [WolverinePost("/api/sessions/{sessionId}/attendance", Name = "RecordAttendance")]
    [EndpointSummary("Record attendance (present, absent, excused; hours default to the session's for present)")]
    [ProducesResponseType<Session>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Attendance(Guid sessionId, RecordAttendance command, ClaimsPrincipal user, IDocumentSession session,
        IMessageBus bus, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().Require(command.Entries.Count is >= 1 and <= 200, "entries", "Between 1 and 200 entries.");
        for (var i = 0; i < command.Entries.Count; i++)
        {
            var e = command.Entries[i];
            validation.OneOf(e.Status, Statuses, $"entries[{i}].status")
                .Require(e.Hours is null || (e.Hours >= 0 && e.Hours <= 12 && decimal.Round(e.Hours.Value, 2) == e.Hours), $"entries[{i}].hours",
                    "From 0 to 12, in hundredths.")
                .Require(command.Entries.Count(x => x.ParticipantId == e.ParticipantId) == 1, $"entries[{i}].participantId", "Once per session.");
        }

        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        await session.LockAsync($"session:{sessionId}", ct);
        var held = await session.LoadAsync<Session>(sessionId, ct);
        if (held is null || held.Region != user.StaffRegion())
        {
            return Problems.NotFound("session", sessionId);
        }

        if (command.Entries.FirstOrDefault(e => !held.Roster.Contains(e.ParticipantId)) is { } stranger)
        {
            return Problems.Refused("Attendance refused", $"Participant {stranger.ParticipantId} is not on this session's roster.");
        }

        var now = time.GetUtcNow();
        foreach (var entry in command.Entries)
        {
            var hours = entry.Status == "present" ? entry.Hours ?? held.Hours : 0m;
            var stream = await session.ForWritingAsync(entry.ParticipantId, user, ct);
            var earlier = stream?.Aggregate?.Attendances?.FirstOrDefault(a => a.SessionId == sessionId);
            if (stream is null || (earlier is not null && earlier.Status == entry.Status && earlier.Hours == hours))
            {
                continue;
            }

            var recorded = new AttendanceRecorded(entry.ParticipantId, Guid.CreateVersion7(now), sessionId, held.Kind, held.On, entry.Status, hours, now);
            stream.AppendOne(recorded);
            held.Attendance[entry.ParticipantId] = entry.Status;
            await bus.PublishAsync(new CoachingAttendanceRecorded(recorded.EventId, entry.ParticipantId, held.Region, sessionId, held.Kind, held.On,
                entry.Status, hours, now));
        }

        session.Store(held);
        return TypedResults.Ok(held);
    }
}

namespace NeemPlatform.Coaching.Enrolments;

/// <summary>Her enrolment and the version to send back with a change (stale versions get 409).</summary>
public sealed record EnrolmentView(Enrolment Enrolment, long Version)
{
    public string Status => Enrolment.Status;
    public DateOnly EnrolledOn => Enrolment.EnrolledOn;
}

/// <summary>Progress for the advisor's daily work.</summary>
public sealed record Progress(
    Guid ParticipantId, string Status, int ModulesApproved, int ModulesTotal, string? NextModule, int SessionsRecorded,
    int Present, int Absent, int Excused, decimal? AttendanceRate, decimal HoursPresent, int WeeksInProgramme, DateOnly AsOf);

public sealed record MonthParticipation(string Month, decimal HoursPresent, int Present, int Absent, int Excused);

public sealed record GroupProgress(Guid NetworkGroupId, int Participants, int Completed, int DroppedOut, decimal? AttendanceRate,
    decimal ModulesApprovedAverage, IReadOnlyList<Progress> Members);

public static class ProgressRules
{
    /// <summary>
    /// Modules approved of the curriculum's total; attendance rate = present / recorded sessions (excused counts
    /// as not present), to four decimals; weeks since enrolment, until completion, dropout or the as-of date.
    /// </summary>
    public static Progress Of(Enrolment e, CurriculumVersion curriculum, DateOnly asOf)
    {
        var attendances = (e.Attendances ?? []).Where(a => a.SessionOn <= asOf).ToList();
        var present = attendances.Count(a => a.Status == "present");
        var absent = attendances.Count(a => a.Status == "absent");
        var excused = attendances.Count(a => a.Status == "excused");
        var end = new[] { asOf, e.CompletedOn ?? asOf, e.DroppedOutOn ?? asOf }.Min();
        var approved = curriculum.Modules.Count(m => e.IsApproved(m.Code));
        var next = curriculum.Modules.OrderBy(m => m.Order).FirstOrDefault(m => !e.IsApproved(m.Code))?.Code;
        return new Progress(e.Id, e.Status, approved, curriculum.Modules.Count, next, attendances.Count, present, absent, excused,
            attendances.Count == 0 ? null : decimal.Round((decimal)present / attendances.Count, 4),
            attendances.Where(a => a.Status == "present").Sum(a => a.Hours),
            Math.Max(0, end.DayNumber - e.EnrolledOn.DayNumber) / 7, asOf);
    }

    /// <summary>Participation time per calendar month, for the funders' reports.</summary>
    public static IReadOnlyList<MonthParticipation> PerMonth(Enrolment e) =>
        (e.Attendances ?? []).GroupBy(a => $"{a.SessionOn.Year:D4}-{a.SessionOn.Month:D2}").OrderBy(g => g.Key)
            .Select(g => new MonthParticipation(g.Key, g.Where(a => a.Status == "present").Sum(a => a.Hours),
                g.Count(a => a.Status == "present"), g.Count(a => a.Status == "absent"), g.Count(a => a.Status == "excused")))
            .ToList();
}

public static class EnrolmentReadEndpoints
{
    [WolverineGet("/api/enrolments/{participantId}", Name = "GetEnrolment")]
    [Tags("Enrolments")]
    [EndpointSummary("Her coaching: curriculum version, ticks, approvals, attendance, plan figures, and the version for changes")]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid participantId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await session.ForReadingAsync(participantId, user, ct) is not { } enrolment)
        {
            return EnrolmentAccess.NotFound(participantId);
        }

        var state = await session.Events.FetchStreamStateAsync(participantId, ct);
        return TypedResults.Ok(new EnrolmentView(enrolment, state?.Version ?? 0));
    }

    [WolverineGet("/api/enrolments/{participantId}/progress", Name = "GetProgress")]
    [EndpointSummary("Modules approved of total, attendance rate and weeks in the programme (asOf: a date, default today)")]
    [ProducesResponseType<Progress>(StatusCodes.Status200OK)]
    public static async Task<IResult> GetProgress(Guid participantId, ClaimsPrincipal user, IDocumentSession session, TimeProvider time,
        CancellationToken ct, DateOnly? asOf = null)
    {
        var validation = new Validation().Date(asOf, "asOf");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForReadingAsync(participantId, user, ct) is not { } enrolment)
        {
            return EnrolmentAccess.NotFound(participantId);
        }

        var curriculum = await CurriculumOf(session, enrolment, time, ct);
        return TypedResults.Ok(ProgressRules.Of(enrolment, curriculum, asOf ?? SwedishTime.DateOf(time.GetUtcNow())));
    }

    [WolverineGet("/api/enrolments/{participantId}/participation", Name = "GetParticipation")]
    [EndpointSummary("Her participation time per month (hours present; sessions present, absent, excused)")]
    [ProducesResponseType<IReadOnlyList<MonthParticipation>>(StatusCodes.Status200OK)]
    public static async Task<IResult> GetParticipation(Guid participantId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        await session.ForReadingAsync(participantId, user, ct) is { } enrolment
            ? TypedResults.Ok(ProgressRules.PerMonth(enrolment))
            : EnrolmentAccess.NotFound(participantId);

    [WolverineGet("/api/network-groups/{groupId}/progress", Name = "GetGroupProgress")]
    [EndpointSummary("A network group's progress: each member's, and the group's attendance rate and modules approved")]
    [ProducesResponseType<GroupProgress>(StatusCodes.Status200OK)]
    public static async Task<IResult> GetGroupProgress(Guid groupId, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session, TimeProvider time,
        CancellationToken ct, DateOnly? asOf = null)
    {
        var validation = new Validation().Date(asOf, "asOf");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        var day = asOf ?? SwedishTime.DateOf(time.GetUtcNow());
        var members = await session.Query<Enrolment>().Where(e => e.NetworkGroupId == groupId && e.Region == region).ToListAsync(ct);
        var progress = new List<Progress>();
        foreach (var member in members)
        {
            progress.Add(ProgressRules.Of(member, await CurriculumOf(session, member, time, ct), day));
        }

        var recorded = progress.Sum(p => p.SessionsRecorded);
        return TypedResults.Ok(new GroupProgress(groupId, progress.Count, progress.Count(p => p.Status == EnrolmentStatus.Completed),
            progress.Count(p => p.Status == EnrolmentStatus.DroppedOut),
            recorded == 0 ? null : decimal.Round((decimal)progress.Sum(p => p.Present) / recorded, 4),
            progress.Count == 0 ? 0 : decimal.Round((decimal)progress.Sum(p => p.ModulesApproved) / progress.Count, 2),
            progress.OrderBy(p => p.ParticipantId).ToList()));
    }

    public static async Task<CurriculumVersion> CurriculumOf(IQuerySession session, Enrolment enrolment, TimeProvider time, CancellationToken ct) =>
        await session.LoadAsync<CurriculumVersion>(CurriculumVersion.IdFor(enrolment.Region, enrolment.CurriculumVersion), ct)
        ?? DefaultCurriculum.For(enrolment.Region, time.GetUtcNow());
}

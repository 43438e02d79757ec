namespace NeemPlatform.Participant.Participants.RevealingIdentityNumber;

/// <summary>Why the whole identity number is needed: a purpose from the list, and the staff member's explanation.</summary>
public sealed record RevealIdentityNumber(string Purpose, string Reason);

public sealed record RevealedIdentityNumber(Guid ParticipantId, string PersonalIdentityNumber);

/// <summary>
/// One reveal or refused attempt, as the audit shows it: who, in which role, when, for which purpose and why, whose number,
/// and whether it was shown. A document (not an event) so that erasure can remove the explanation, which may name her; the
/// event of a reveal keeps who, when and the purpose.
/// </summary>
public sealed class IdentityRevealAudit
{
    public Guid Id { get; set; }
    public Guid ParticipantId { get; set; }
    public string StaffId { get; set; } = "";
    public string Role { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string? Reason { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary><see cref="RevealOutcomes.Revealed"/>, or why it was refused.</summary>
    public string Outcome { get; set; } = RevealOutcomes.Revealed;
}

/// <summary>What became of a request to see a whole identity number.</summary>
public static class RevealOutcomes
{
    public const string Revealed = "revealed";
    public const string NotResponsible = "refused-not-responsible";
    public const string DailyLimit = "refused-daily-limit";
}

/// <summary><c>Neem:Participant:RevealsPerDay</c>: how many numbers one staff member may reveal in 24 hours (20).</summary>
public sealed record RevealSettings(int PerDay);

public static class RevealIdentityNumberEndpoint
{
    public static readonly IReadOnlyList<string> Purposes =
        ["authority-report", "bank-or-lender", "identity-check", "data-subject-request", "correction", "contract"];

    public static Validation Check(RevealIdentityNumber command) => new Validation()
        .OneOf(command.Purpose, Purposes, "purpose")
        .Text(command.Reason, "reason", 500, required: true)
        .Require(command.Reason is null || command.Reason.Count(char.IsLetter) >= 10, "reason",
            "Explain why in words (at least 10 letters).");

    public sealed record Refused(int Status, string Outcome, string Detail);

    /// <summary>
    /// Who may see her number: the advisor a region manager made responsible for her, or a region manager, within the daily
    /// limit. Null: allowed.
    /// </summary>
    public static Refused? Refusal(Participant participant, ClaimsPrincipal user, int revealedLastDay, int perDay) =>
        !user.IsInRole(NeemRoles.RegionManager) && !(participant.AdvisorAssigned && participant.AdvisorId == user.StaffId())
            ? new(StatusCodes.Status403Forbidden, RevealOutcomes.NotResponsible,
                "Only the advisor a region manager has made responsible for her, or a region manager, may see her whole identity number.")
        : revealedLastDay >= perDay
            ? new(StatusCodes.Status429TooManyRequests, RevealOutcomes.DailyLimit,
                $"You have revealed {perDay} identity numbers in the last 24 hours, the most allowed.")
        : null;

    [WolverinePost("/api/participants/{participantId}/identity-number", Name = "RevealIdentityNumber")]
    [EndpointSummary("Show her whole identity number: her responsible advisor or a region manager, with a purpose and a reason; audited and limited per day")]
    [ProducesResponseType<RevealedIdentityNumber>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static async Task<IResult> Post(Guid participantId, RevealIdentityNumber command, ClaimsPrincipal user,
        IDocumentSession session, RevealSettings settings, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var validation = Check(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var staff = user.StaffId();
        var now = time.GetUtcNow();
        // One staff member's reveals are counted under her own lock: parallel requests cannot pass the limit together.
        await session.LockAsync("reveals:" + staff, ct);
        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } participant } stream
            || await session.LoadAsync<PersonalDataRecord>(participantId, ct) is not { } record)
        {
            return Problems.NotFound("participant", participantId);
        }

        var since = now.AddDays(-1);
        // A funder report's numbers have their own limit (FunderReportIdentities): they do not use up the day's single reveals.
        var lastDay = (await session.Query<IdentityRevealAudit>().Where(a => a.StaffId == staff && a.At > since && a.Purpose != FunderReportIdentities.Purpose)
            .Select(a => a.Outcome).ToListAsync(ct)).Count(o => o is null or RevealOutcomes.Revealed);
        var role = user.IsInRole(NeemRoles.RegionManager) ? NeemRoles.RegionManager : NeemRoles.Advisor;
        if (Refusal(participant, user, lastDay, settings.PerDay) is { } refused)
        {
            // A refused attempt is audited too (committed with the request): who tried to see whose number, and why.
            session.Store(new IdentityRevealAudit
            {
                Id = Guid.CreateVersion7(now),
                ParticipantId = participant.Id,
                StaffId = staff,
                Role = role,
                Purpose = command.Purpose,
                Reason = command.Reason!.Trim(),
                At = now,
                Outcome = refused.Outcome
            });
            if (refused.Status == StatusCodes.Status429TooManyRequests)
            {
                http.Response.Headers.RetryAfter = "3600";
            }

            return TypedResults.Problem(new ProblemDetails
            {
                Status = refused.Status,
                Title = "Identity number not revealed",
                Detail = refused.Detail,
                Type = Problems.TypeBase + (refused.Status == StatusCodes.Status403Forbidden ? "forbidden" : "rate-limited")
            });
        }

        stream.AppendOne(new IdentityNumberRevealed(participant.Id, staff, command.Purpose, now));
        session.Store(new IdentityRevealAudit
        {
            Id = Guid.CreateVersion7(now),
            ParticipantId = participant.Id,
            StaffId = staff,
            Role = role,
            Purpose = command.Purpose,
            Reason = command.Reason!.Trim(),
            At = now
        });
        return TypedResults.Ok(new RevealedIdentityNumber(participant.Id, record.IdentityNumber));
    }
}

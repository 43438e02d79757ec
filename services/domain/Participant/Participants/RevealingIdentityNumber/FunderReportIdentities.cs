namespace NeemPlatform.Participant.Participants.RevealingIdentityNumber;

/// <summary>A month's participant report for a funder that requires identity numbers: whose, for which month, and why.</summary>
public sealed record RevealFunderReportIdentities(string Month, IReadOnlyList<Guid> ParticipantIds, string Reason);

public sealed record FunderReportIdentity(Guid ParticipantId, string PersonalIdentityNumber);

public sealed record FunderReportIdentityList(string Month, IReadOnlyList<FunderReportIdentity> Participants);

/// <summary>
/// The identity numbers of the participants on a month's funder report, where the funder requires them (ESF participant
/// reporting): a region manager only, with a reason, each number audited as a reveal (purpose funder-report) on her record,
/// and at most <see cref="RequestsPerDay"/> such requests per region manager a day. Only participants selected into the
/// programme, of the region, not erased, are answered; any other id is left out.
/// </summary>
public static class FunderReportIdentities
{
    public const string Purpose = "funder-report";
    public const int RequestsPerDay = 3;
    public const int MaxParticipants = 500;

    [WolverinePost("/api/audit/funder-report-identities", Name = "RevealFunderReportIdentities")]
    [Authorize(Policy = NeemPolicies.FunderIdentities)]
    [EndpointSummary("For a funder that requires them: the identity numbers of a month's reported participants (region managers; each number audited)")]
    [ProducesResponseType<FunderReportIdentityList>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static async Task<IResult> Post(RevealFunderReportIdentities command, ClaimsPrincipal user, RegionOptions region, IDocumentSession session,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var validation = new Validation().Month(command.Month, "month", out _)
            .Require(command.ParticipantIds is { Count: >= 1 and <= MaxParticipants }, "participantIds", $"1–{MaxParticipants} participant ids.")
            .Text(command.Reason, "reason", 500, required: true)
            .Require(command.Reason is null || command.Reason.Count(char.IsLetter) >= 10, "reason", "Explain why in words (at least 10 letters).");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var staff = user.StaffId();
        var now = time.GetUtcNow();
        await session.LockAsync("reveals:" + staff, ct);
        var since = now.AddDays(-1);
        var requests = (await session.Query<IdentityRevealAudit>().Where(a => a.StaffId == staff && a.At > since && a.Purpose == Purpose)
            .Select(a => a.At).ToListAsync(ct)).Distinct().Count();
        if (requests >= RequestsPerDay)
        {
            http.Response.Headers.RetryAfter = "3600";
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Identity numbers not revealed",
                Type = Problems.TypeBase + "rate-limited",
                Detail = $"You have asked for a funder report's identity numbers {RequestsPerDay} times in the last 24 hours, the most allowed."
            });
        }

        var ids = command.ParticipantIds.Distinct().ToArray();
        var participants = (await session.LoadManyAsync<Participant>(ct, ids))
            .Where(p => p is not null && p.Region == region.Region && p.Selected && !p.Erased).ToDictionary(p => p.Id);
        var records = participants.Count == 0 ? [] : await session.LoadManyAsync<PersonalDataRecord>(ct, participants.Keys.ToArray());
        var reason = $"{command.Month}: {command.Reason!.Trim()}";
        var shown = new List<FunderReportIdentity>();
        foreach (var record in records.Where(r => r is not null).OrderBy(r => r.Id))
        {
            session.Events.Append(record.Id, new IdentityNumberRevealed(record.Id, staff, Purpose, now));
            session.Store(new IdentityRevealAudit
            {
                Id = Guid.CreateVersion7(now),
                ParticipantId = record.Id,
                StaffId = staff,
                Role = NeemRoles.RegionManager,
                Purpose = Purpose,
                Reason = reason,
                At = now
            });
            shown.Add(new FunderReportIdentity(record.Id, record.IdentityNumber));
        }

        return TypedResults.Ok(new FunderReportIdentityList(command.Month, shown));
    }
}

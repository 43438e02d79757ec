namespace NeemPlatform.Participant.Participants.AuditingReveals;

/// <param name="Outcome">revealed, refused-not-responsible or refused-daily-limit.</param>
public sealed record RevealAuditEntry(Guid Id, DateTimeOffset At, string StaffId, string Role, Guid ParticipantId, string Purpose, string? Reason,
    string Outcome);

public sealed record RevealAuditPage(IReadOnlyList<RevealAuditEntry> Entries, int Page, int PageSize, int Total);

/// <summary>The audit of revealed identity numbers: who saw whose number, when and why. For region managers and the data-protection officer.</summary>
public static class GetRevealAuditEndpoint
{
    [WolverineGet("/api/audit/identity-reveals", Name = "GetIdentityRevealAudit")]
    [EndpointSummary("Who revealed whose identity number, or tried to and was refused, when and why (newest first; filter by staffId, participantId, from, to)")]
    [ProducesResponseType<RevealAuditPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IQuerySession session, CancellationToken ct, string? staffId = null, Guid? participantId = null,
        DateOnly? from = null, DateOnly? to = null, int page = 1, int pageSize = 50)
    {
        var validation = AuditFilterRules.Check(staffId, from, to, page, pageSize);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var query = session.Query<IdentityRevealAudit>().AsQueryable();
        if (staffId is not null)
        {
            query = query.Where(a => a.StaffId == staffId);
        }

        if (participantId is { } id)
        {
            query = query.Where(a => a.ParticipantId == id);
        }

        if (from is { } f)
        {
            var start = SwedishTime.StartOf(f);
            query = query.Where(a => a.At >= start);
        }

        if (to is { } t)
        {
            var end = SwedishTime.StartOf(t.AddDays(1));
            query = query.Where(a => a.At < end);
        }

        var total = await query.CountAsync(ct);
        var entries = await query.OrderByDescending(a => a.At).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new RevealAuditPage(
            entries.Select(a => new RevealAuditEntry(a.Id, a.At, a.StaffId, a.Role, a.ParticipantId, a.Purpose, a.Reason,
                a.Outcome ?? RevealOutcomes.Revealed)).ToList(),
            page, pageSize, total));
    }
}

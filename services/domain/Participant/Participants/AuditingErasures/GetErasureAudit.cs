namespace NeemPlatform.Participant.Participants.AuditingErasures;

/// <summary>What an erasure can remove, as the audit names it.</summary>
public static class ErasedItems
{
    /// <summary>Her personal-data record: identity number, name, contact details, organisation number, notes; and the identity index.</summary>
    public const string PersonalDataRecord = "personal-data-record";

    /// <summary>Free text staff wrote into her history (masked in the stored events).</summary>
    public const string FreeTextInHistory = "free-text-in-history";

    /// <summary>Staff members' explanations of why they revealed her identity number (who, when and the purpose stay).</summary>
    public const string RevealExplanations = "reveal-explanations";

    /// <summary>Partners' case references to her.</summary>
    public const string PartnerCaseReferences = "partner-case-references";

    /// <summary>Coaching and Lending were told to drop what identifies her (payment references, plan text).</summary>
    public const string OtherServicesTold = "other-services-told";

    public static readonly IReadOnlyList<string> All = [PersonalDataRecord, FreeTextInHistory, RevealExplanations, PartnerCaseReferences, OtherServicesTold];
}

public sealed record ErasureAuditEntry(Guid EventId, Guid ParticipantId, DateOnly ErasedOn, DateTimeOffset At, string ErasedBy, string Basis,
    IReadOnlyList<ErasedItem> Removed);

public sealed record ErasureAuditPage(IReadOnlyList<ErasureAuditEntry> Entries, int Page, int PageSize, int Total);

/// <summary>The erasures of the region: when, by whom, on which basis and what was removed. For region managers and the data-protection officer.</summary>
public static class GetErasureAuditEndpoint
{
    [WolverineGet("/api/audit/erasures", Name = "GetErasureAudit")]
    [EndpointSummary("Erasures of personal data: when, by whom, on which basis and what was removed (newest first; filter by staffId, from, to)")]
    [ProducesResponseType<ErasureAuditPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IQuerySession session, CancellationToken ct, string? staffId = null, DateOnly? from = null,
        DateOnly? to = null, int page = 1, int pageSize = 50)
    {
        var validation = AuditFilterRules.Check(staffId, from, to, page, pageSize);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        IQueryable<PersonalDataErased> query = session.Events.QueryRawEventDataOnly<PersonalDataErased>();
        if (staffId is not null)
        {
            query = query.Where(e => e.ErasedBy == staffId);
        }

        if (from is { } f)
        {
            query = query.Where(e => e.ErasedOn >= f);
        }

        if (to is { } t)
        {
            query = query.Where(e => e.ErasedOn <= t);
        }

        var total = await query.CountAsync(ct);
        var entries = await query.OrderByDescending(e => e.At).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new ErasureAuditPage(
            entries.Select(e => new ErasureAuditEntry(e.EventId, e.ParticipantId, e.ErasedOn, e.At, e.ErasedBy, e.Basis, e.Removed ?? [])).ToList(),
            page, pageSize, total));
    }
}

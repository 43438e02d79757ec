namespace NeemPlatform.Participant.Participants.GettingParticipant;

/// <summary>Her personal data as advisors see it: the identity number masked (YYYYMMDD-****).</summary>
public sealed record PersonalDataView(string MaskedIdentityNumber, string FirstName, string LastName, string? Phone, string? Email,
    IReadOnlyList<PersonalNote> Notes, IReadOnlyList<PersonalDataProposal> Proposals);

public sealed record ParticipantView(Participant Participant, PersonalDataView? PersonalData);

public sealed record ParticipantListEntry(Guid Id, string Name, string MaskedIdentityNumber, string Status, string Source,
    DateOnly RegisteredOn, Guid? NetworkGroupId);

public sealed record ParticipantPage(IReadOnlyList<ParticipantListEntry> Participants, int Page, int PageSize);

public static class GetParticipantEndpoint
{
    [WolverineGet("/api/participants/{participantId}", Name = "GetParticipant")]
    [EndpointSummary("Her journey and her personal data (identity number masked)")]
    [ProducesResponseType<ParticipantView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid participantId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await session.ForReadingAsync(participantId, user, ct) is not { } participant)
        {
            return Problems.NotFound("participant", participantId);
        }

        var record = await session.LoadAsync<PersonalDataRecord>(participantId, ct);
        return TypedResults.Ok(new ParticipantView(participant, record is null ? null
            : new PersonalDataView(record.MaskedIdentityNumber, record.FirstName, record.LastName, record.Phone, record.Email, record.Notes,
                record.Proposals)));
    }

    private static readonly string[] Statuses =
    [
        ParticipantStatus.Received, ParticipantStatus.Invited, ParticipantStatus.Interviewed, ParticipantStatus.NotSelected,
        ParticipantStatus.WaitingList, ParticipantStatus.InProgramme, ParticipantStatus.Exited
    ];

    [WolverineGet("/api/participants", Name = "ListParticipants")]
    [EndpointSummary("Your region's participants, newest first, identity numbers masked (filter by status; page from 1)")]
    [ProducesResponseType<ParticipantPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(ClaimsPrincipal user, RegionOptions instance, IQuerySession session, CancellationToken ct, string? status = null,
        int page = 1, int pageSize = 50)
    {
        var validation = new Validation()
            .Require(status is null || Statuses.Contains(status), "status", $"One of: {string.Join(", ", Statuses)}.")
            .Require(page is >= 1 and <= 100_000, "page", "From 1.")
            .Require(pageSize is >= 1 and <= 200, "pageSize", "Between 1 and 200.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        var query = session.Query<Participant>().Where(p => p.Region == region);
        if (status is not null)
        {
            query = query.Where(p => p.Status == status);
        }

        var participants = await query.OrderByDescending(p => p.RegisteredOn).ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var records = (await session.LoadManyAsync<PersonalDataRecord>(ct, participants.Select(p => p.Id).ToArray()))
            .ToDictionary(r => r.Id);
        return TypedResults.Ok(new ParticipantPage(participants.Select(p => records.TryGetValue(p.Id, out var r)
                ? new ParticipantListEntry(p.Id, r.FullName, r.MaskedIdentityNumber, p.Status, p.Source, p.RegisteredOn, p.NetworkGroupId)
                : new ParticipantListEntry(p.Id, "(erased)", "(erased)", p.Status, p.Source, p.RegisteredOn, p.NetworkGroupId)).ToList(),
            page, pageSize));
    }
}

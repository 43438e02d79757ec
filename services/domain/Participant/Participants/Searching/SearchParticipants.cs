namespace NeemPlatform.Participant.Participants.Searching;

/// <summary>
/// Find participants: by name (any part of the first or last name), by identity number (an exact match through the
/// keyed hash, never a text search over numbers), by status, network group, responsible advisor or a follow-up due by a
/// date; newest first, a
/// page at a time. A POST, so that an identity number never lands in a URL or an access log.
/// </summary>
public sealed record SearchParticipants(
    string? Name = null, string? IdentityNumber = null, string? Status = null, Guid? NetworkGroupId = null, string? AdvisorId = null,
    int Page = 1, int PageSize = 25, DateOnly? FollowUpDueBy = null);

public sealed record ParticipantHit(
    Guid Id, string Name, string MaskedIdentityNumber, string Status, string Source, DateOnly RegisteredOn, Guid? NetworkGroupId,
    string? AdvisorId, int OpenReferrals);

public sealed record ParticipantSearchResult(IReadOnlyList<ParticipantHit> Participants, int Page, int PageSize, int Total);

public static class SearchParticipantsEndpoint
{
    public static readonly IReadOnlyList<string> Statuses =
    [
        ParticipantStatus.Received, ParticipantStatus.Invited, ParticipantStatus.Interviewed, ParticipantStatus.NotSelected,
        ParticipantStatus.WaitingList, ParticipantStatus.InProgramme, ParticipantStatus.Exited
    ];

    public static Validation Check(SearchParticipants c, DateOnly today, out SwedishIdentityNumber? number)
    {
        number = null;
        var v = new Validation()
            .Text(c.Name, "name", 100)
            .Require(c.Name is null || c.Name.Trim().Length >= 2, "name", "At least 2 letters.")
            .Require(c.Status is null || Statuses.Contains(c.Status), "status", $"One of: {string.Join(", ", Statuses)}.")
            .Require(c.AdvisorId is null || Validation.IsStaffId(c.AdvisorId), "advisorId", "A staff id.")
            .Date(c.FollowUpDueBy, "followUpDueBy")
            .Require(c.Page is >= 1 and <= 100_000, "page", "From 1.")
            .Require(c.PageSize is >= 1 and <= 200, "pageSize", "Between 1 and 200.");
        if (c.IdentityNumber is not null)
        {
            // The reason never quotes the number.
            v.Require(SwedishIdentityNumber.TryParse(c.IdentityNumber, today, out number, out _), "identityNumber",
                "A personnummer or samordningsnummer (YYYYMMDD-NNNN or YYMMDD-NNNN) with a valid check digit.");
        }

        return v;
    }

    [WolverinePost("/api/participants/search", Name = "SearchParticipants")]
    [EndpointSummary("Find participants by name, identity number (exact), status, network group or advisor; identity numbers masked")]
    [ProducesResponseType<ParticipantSearchResult>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(SearchParticipants command, RegionOptions instance, IQuerySession session, IdentityKey identityKey,
        TimeProvider time, CancellationToken ct)
    {
        var validation = Check(command, SwedishTime.DateOf(time.GetUtcNow()), out var number);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        var query = session.Query<Participant>().Where(p => p.Region == region);
        if (number is not null)
        {
            var index = await session.LoadAsync<IdentityIndex>(identityKey.Of(number), ct);
            var id = index?.ParticipantId ?? Guid.Empty;
            query = query.Where(p => p.Id == id);
        }

        if (command.Name is { } name)
        {
            var words = name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var records = session.Query<PersonalDataRecord>().AsQueryable();
            foreach (var word in words)
            {
                records = records.Where(r => r.FirstName.Contains(word, StringComparison.OrdinalIgnoreCase)
                                             || r.LastName.Contains(word, StringComparison.OrdinalIgnoreCase));
            }

            var ids = await records.Select(r => r.Id).Take(2_000).ToListAsync(ct);
            query = query.Where(p => ids.Contains(p.Id));
        }

        if (command.Status is { } status)
        {
            query = query.Where(p => p.Status == status);
        }

        if (command.NetworkGroupId is { } group)
        {
            query = query.Where(p => p.NetworkGroupId == group);
        }

        if (command.FollowUpDueBy is { } due)
        {
            query = query.Where(p => p.FollowUpDueOn != null && p.FollowUpDueOn <= due);
        }

        if (command.AdvisorId is { } advisor)
        {
            query = query.Where(p => p.AdvisorId == advisor);
        }

        var total = await query.CountAsync(ct);
        var page = await query.OrderByDescending(p => p.RegisteredOn).ThenByDescending(p => p.Id)
            .Skip((command.Page - 1) * command.PageSize).Take(command.PageSize).ToListAsync(ct);
        var personal = (await session.LoadManyAsync<PersonalDataRecord>(ct, page.Select(p => p.Id).ToArray())).ToDictionary(r => r.Id);
        return TypedResults.Ok(new ParticipantSearchResult(page.Select(p =>
        {
            var r = personal.GetValueOrDefault(p.Id);
            return new ParticipantHit(p.Id, r?.FullName ?? "", r?.MaskedIdentityNumber ?? "", p.Status, p.Source, p.RegisteredOn, p.NetworkGroupId,
                p.AdvisorId, p.ReferralsReceived?.Count(x => x.IsOpen && x.Status == ReferralProgress.Received) ?? 0);
        }).ToList(), command.Page, command.PageSize, total));
    }
}

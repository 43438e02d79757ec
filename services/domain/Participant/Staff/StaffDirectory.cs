namespace NeemPlatform.Participant.Staff;

/// <summary>
/// One staff member as her colleagues see her: the name her organisation's identity provider gives, her role and region. Kept
/// only here, for screens: names of staff are personal data, so events, messages, the MIS and exports keep the id.
/// </summary>
public sealed class StaffMember
{
    /// <summary>The token's subject.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string Region { get; set; } = "";
    public DateTimeOffset SignedInAt { get; set; }
}

/// <summary>A staff member in the directory.</summary>
public sealed record StaffEntry(string Id, string Name, string Role);

/// <summary>The region's staff directory: who is who, by name.</summary>
public sealed record StaffDirectoryPage(IReadOnlyList<StaffEntry> Staff);

/// <summary>
/// The staff directory, filled at sign-in from the identity provider's claims: the portal calls <c>PUT /api/staff/me</c> with
/// the staff member's own token, so nobody can name anyone but herself, and the name is the one in her token, not one she types.
/// </summary>
public static class StaffDirectoryEndpoints
{
    public const int MaxEntries = 2_000;

    [WolverinePut("/api/staff/me", Name = "RegisterSignedInStaff")]
    [EndpointSummary("Put the signed-in staff member in the region's directory, by the name, role and region her token carries")]
    [ProducesResponseType<StaffEntry>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> PutMe(ClaimsPrincipal user, RegionOptions instance, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var name = user.FindFirstValue(NeemClaims.Name)?.Trim();
        if (name is not { Length: >= 1 and <= 100 } || !TextRules.IsPlainText(name))
        {
            return Problems.Refused("No name in the token",
                "The sign-in token carries no usable name claim (1–100 characters of plain text): ask for the 'name' claim in the access token.");
        }

        var member = await session.LoadAsync<StaffMember>(user.StaffId(), ct) ?? new StaffMember { Id = user.StaffId() };
        var role = NeemPolicies.Roles[NeemPolicies.StaffDirectory].First(user.IsInRole);
        if (member.Name != name || member.Role != role || member.Region != instance.Region)
        {
            member.Name = name;
            member.Role = role;
            member.Region = instance.Region;
            member.SignedInAt = time.GetUtcNow();
            session.Store(member);
        }

        return TypedResults.Ok(new StaffEntry(member.Id, member.Name, member.Role));
    }

    [WolverineGet("/api/staff", Name = "GetStaffDirectory")]
    [EndpointSummary("The region's staff by name (who recorded, decided, coaches or lends), for screens; ordered by name")]
    [ProducesResponseType<StaffDirectoryPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(RegionOptions instance, IQuerySession session, CancellationToken ct)
    {
        var staff = await session.Query<StaffMember>().Where(s => s.Region == instance.Region).OrderBy(s => s.Name).Take(MaxEntries).ToListAsync(ct);
        return TypedResults.Ok(new StaffDirectoryPage(staff.Select(s => new StaffEntry(s.Id, s.Name, s.Role)).ToList()));
    }
}

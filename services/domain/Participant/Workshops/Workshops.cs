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

/// <summary>A staff member reaches her own region's workshops only.</summary>
public static class WorkshopAccess
{
    public static async Task<Workshop?> OwnAsync(IQuerySession session, Guid id, ClaimsPrincipal user, CancellationToken ct) =>
        await session.LoadAsync<Workshop>(id, ct) is { } w && w.Region == user.StaffRegion() ? w : null;
}

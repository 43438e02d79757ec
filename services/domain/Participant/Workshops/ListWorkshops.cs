namespace NeemPlatform.Participant.Workshops;

public static class ListWorkshopsEndpoint
{
    [WolverineGet("/api/workshops", Name = "ListWorkshops")]
    [EndpointSummary("Your region's information workshops, latest first")]
    [ProducesResponseType<IReadOnlyList<Workshop>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<Workshop>> List(ClaimsPrincipal user, RegionOptions instance, IQuerySession session, CancellationToken ct)
    {
        var region = instance.Region;
        return await session.Query<Workshop>().Where(w => w.Region == region).OrderByDescending(w => w.ScheduledOn).Take(500).ToListAsync(ct);
    }
}

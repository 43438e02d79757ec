namespace NeemPlatform.Participant.Partners;

public static class ListPartnersEndpoint
{
    [WolverineGet("/api/partners", Name = "ListPartners")]
    [EndpointSummary("The region's partner organisations and their credentials (never the secrets)")]
    [ProducesResponseType<IReadOnlyList<PartnerView>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<PartnerView>> List(ClaimsPrincipal user, RegionOptions instance, IQuerySession session, CancellationToken ct)
    {
        var region = instance.Region;
        var partners = await session.Query<Partner>().Where(p => p.Region == region).OrderBy(p => p.Name).ToListAsync(ct);
        return partners.Select(PartnerAccess.View).ToList();
    }
}

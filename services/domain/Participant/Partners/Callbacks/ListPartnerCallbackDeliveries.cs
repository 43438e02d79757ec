namespace NeemPlatform.Participant.Partners.Callbacks;

public static class ListPartnerCallbackDeliveriesEndpoint
{
    [WolverineGet("/api/partners/{partnerId}/callback-deliveries", Name = "ListPartnerCallbackDeliveries")]
    [Authorize(Policy = NeemPolicies.Administration)]
    [Tags("Partners (administration)")]
    [EndpointSummary("A partner's callback log (kind live or sandbox), newest first, for support")]
    [ProducesResponseType<CallbackDeliveryPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> PartnerDeliveries(Guid partnerId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct,
        string kind = CredentialKinds.Live, int page = 1, int pageSize = 50, string? state = null)
    {
        if (!CredentialKinds.All.Contains(kind))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["kind"] = [$"One of: {string.Join(", ", CredentialKinds.All)}."] });
        }

        if (await PartnerAccess.OwnAsync(session, partnerId, user, ct) is null)
        {
            return Problems.NotFound("partner", partnerId);
        }

        return await CallbackSupport.PageAsync(session, partnerId, kind, page, pageSize, state, $"/api/partners/{partnerId}/callback-deliveries", ct,
            $"&kind={kind}");
    }
}

namespace NeemPlatform.Participant.Partners.Callbacks;

public static class ListCallbackDeliveriesEndpoint
{
    [WolverineGet("/api/callback/deliveries", Name = "ListCallbackDeliveries")]
    [EndpointSummary("The log of your callbacks, newest first: each delivery's state and every attempt (page from 1, pageSize up to 200)")]
    [ProducesResponseType<CallbackDeliveryPage>(StatusCodes.Status200OK)]
    public static Task<IResult> Deliveries(ClaimsPrincipal user, IQuerySession session, CancellationToken ct, int page = 1, int pageSize = 50,
        string? state = null) =>
        CallbackSupport.PageAsync(session, user.PartnerId(), user.CredentialKind(), page, pageSize, state, "/api/callback/deliveries", ct);
}

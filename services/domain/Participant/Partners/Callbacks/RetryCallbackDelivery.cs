namespace NeemPlatform.Participant.Partners.Callbacks;

public static class RetryCallbackDeliveryEndpoint
{
    [WolverinePost("/api/callback/deliveries/{deliveryId}/retry", Name = "RetryCallbackDelivery")]
    [EndpointSummary("Deliver a failed callback again (after your receiver was down longer than the retry schedule)")]
    [ProducesResponseType<CallbackDeliveryView>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Retry(Guid deliveryId, ClaimsPrincipal user, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        await session.LockAsync($"callback-delivery:{deliveryId}", ct);
        var delivery = await session.LoadAsync<CallbackDelivery>(deliveryId, ct);
        if (delivery is null || delivery.PartnerId != user.PartnerId() || delivery.Kind != user.CredentialKind())
        {
            return Problems.NotFound("callback delivery", deliveryId);
        }

        if (delivery.State != CallbackStates.Failed)
        {
            return Problems.Refused("Not a failed delivery", $"This delivery is {delivery.State}: only a failed delivery can be retried.");
        }

        delivery.State = CallbackStates.Pending;
        delivery.NextAttemptAt = time.GetUtcNow();
        delivery.ScheduleStartsAfter = delivery.Attempts.Count;
        session.Store(delivery);
        return TypedResults.Accepted($"/api/callback/deliveries?state=pending", CallbackSupport.View(delivery));
    }
}

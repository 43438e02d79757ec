namespace NeemPlatform.Lending.CreditFiles.Opening;

/// <summary>
/// An approved business plan opens the participant's credit file with the plan's financing need as her
/// limit (a later approved plan replaces it). Each approval is applied once: the plan's EventId is marked
/// handled in the same transaction.
/// </summary>
public static class OpenCreditFileHandler
{
    public static FinancingLimitGranted Decide(BusinessPlanApproved message, Guid eventId, DateTimeOffset now) =>
        new(message.ParticipantId, message.EventId, eventId, message.FinancingNeedSek,
            message.ExpectedMonthlySurplusSek, message.ApprovedOn, now, message.Region);

    public static async Task Handle(BusinessPlanApproved message, IDocumentSession session, IMessageContext bus,
        TimeProvider time, RegionOptions region, ILogger logger, CancellationToken ct)
    {
        if (message.Region != region.Region)
        {
            logger.LogWarning("Ignored {Message} {EventId} for another region", nameof(BusinessPlanApproved), message.EventId);
            return;
        }

        if (await session.AlreadyHandledAsync(message.EventId, ct))
        {
            return;
        }

        var now = time.GetUtcNow();
        var granted = Decide(message, Guid.CreateVersion7(now), now);
        var stream = await session.FetchForExclusiveWritingAsync<CreditFile>(message.ParticipantId, ct);
        stream.AppendOne(granted);

        session.MarkHandled(message.EventId, message, now);
        await bus.PublishAsync(new CreditFileOpened(granted.EventId, granted.ParticipantId, region.Region,
            granted.FinancingLimitSek, granted.ExpectedMonthlySurplusSek, granted.GrantedOn, now));
    }
}

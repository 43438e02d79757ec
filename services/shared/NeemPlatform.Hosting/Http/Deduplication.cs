namespace NeemPlatform.Hosting;

/// <summary>
/// A consumer's permanent record of the contract events it has applied, keyed by the producer's EventId.
/// Wolverine's inbox only de-duplicates for minutes; this holds for ever, and the insert commits in the
/// same transaction as the effect, so a concurrent duplicate fails on the primary key and its retry
/// finds the mark.
/// </summary>
public sealed record HandledMessage(Guid Id, string MessageType, DateTimeOffset HandledAt);

public static class Deduplication
{
    public static async Task<bool> AlreadyHandledAsync(this IDocumentSession session, Guid eventId, CancellationToken ct = default) =>
        await session.LoadAsync<HandledMessage>(eventId, ct) is not null;

    public static void MarkHandled(this IDocumentSession session, Guid eventId, object message, DateTimeOffset now) =>
        session.Insert(new HandledMessage(eventId, message.GetType().Name, now));
}

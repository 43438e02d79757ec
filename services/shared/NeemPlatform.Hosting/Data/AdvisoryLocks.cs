namespace NeemPlatform.Hosting;

/// <summary>
/// Serialises the requests that compete for one business key (an idempotency key, a person, a region's
/// network groups) without failing any of them: the session's transaction takes a PostgreSQL advisory lock
/// on the key, and later reads in the session see what the previous holder committed.
/// </summary>
public static class AdvisoryLocks
{
    public static Task LockAsync(this IDocumentSession session, string key, CancellationToken ct) => session.LockAsync([key], ct);

    /// <summary>
    /// FetchForWriting with the stream locked for the rest of the transaction. Marten's quick append mode does not
    /// check the expected version when it saves, so two writers could otherwise both append on top of the same
    /// version: with the lock the second waits, then sees the first one's events.
    /// </summary>
    public static async Task<JasperFx.Events.IEventStream<T>> FetchForExclusiveWritingAsync<T>(this IDocumentSession session, Guid streamId,
        CancellationToken ct) where T : class
    {
        await session.LockAsync($"stream:{streamId}", ct);
        return await session.Events.FetchForWriting<T>(streamId, ct);
    }

    /// <summary>Several keys in one round trip, always in the same (ordinal) order so that two requests never deadlock.</summary>
    public static async Task LockAsync(this IDocumentSession session, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var connection = session.Connection as NpgsqlConnection
                         ?? throw new InvalidOperationException("The session has no open PostgreSQL connection.");
        await using var command = new NpgsqlCommand(
            "select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest($1::text[]) with ordinality as t(k, n) order by n", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Order(StringComparer.Ordinal).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }
}

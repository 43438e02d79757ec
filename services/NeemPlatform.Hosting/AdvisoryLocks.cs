using Marten;
using Npgsql;

namespace NeemPlatform.Hosting;

/// <summary>
/// Serialises the requests that compete for one business key (an idempotency key, a person, a region's
/// network groups) without failing any of them: the session's transaction takes a PostgreSQL advisory lock
/// on the key, and later reads in the session see what the previous holder committed.
/// </summary>
public static class AdvisoryLocks
{
    public static Task LockAsync(this IDocumentSession session, string key, CancellationToken ct) => session.LockAsync([key], ct);

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

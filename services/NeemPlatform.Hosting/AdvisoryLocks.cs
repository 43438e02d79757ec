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
    public static async Task LockAsync(this IDocumentSession session, string key, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var connection = session.Connection as NpgsqlConnection
                         ?? throw new InvalidOperationException("The session has no open PostgreSQL connection.");
        await using var command = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 0))", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await command.ExecuteNonQueryAsync(ct);
    }
}

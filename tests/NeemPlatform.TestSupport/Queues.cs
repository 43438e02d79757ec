using Npgsql;

namespace NeemPlatform.TestSupport;

/// <summary>Reads the Wolverine PostgreSQL transport's queue tables and the services' envelope tables.</summary>
public static class TransportTables
{
    public const string Schema = "neem_queues";

    /// <summary>How many messages of a given message identity wait in a service's queue.</summary>
    public static async Task<long> QueuedAsync(string connectionString, string queue, string messageIdentity)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select count(*) from {Schema}.wolverine_queue_{queue} where message_type = @type", connection);
        command.Parameters.AddWithValue("type", messageIdentity);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}

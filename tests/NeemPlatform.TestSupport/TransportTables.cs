using Npgsql;

namespace NeemPlatform.TestSupport;

/// <summary>Reads the Wolverine PostgreSQL transport's queue tables and the services' envelope tables.</summary>
public static class TransportTables
{
    public const string Schema = "neem_queues";

    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}

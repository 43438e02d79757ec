using System.Text;
using Npgsql;

namespace NeemPlatform.TestSupport;

/// <summary>What erasure must leave nowhere: a scan of every row of every table of a service's database.</summary>
public static class DatabaseScan
{
    /// <summary>Every table (schema.name) with a row whose text (bytea columns as hex) contains the needle, case-insensitively.</summary>
    public static async Task<List<string>> TablesContainingAsync(string connectionString, string needle)
    {
        var hex = Convert.ToHexString(Encoding.UTF8.GetBytes(needle)).ToLowerInvariant();
        var found = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select format('%I.%I', table_schema, table_name) from information_schema.tables " +
            "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand(
                $"select count(*) from {table} t where t::text ilike '%' || $1 || '%' or t::text like '%' || $2 || '%'", connection);
            count.Parameters.Add(new NpgsqlParameter { Value = needle });
            count.Parameters.Add(new NpgsqlParameter { Value = hex });
            if (Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                found.Add(table);
            }
        }

        return found;
    }
}

namespace NeemPlatform.Impact.History;

/// <summary>
/// MIS entries read straight from the event table as Marten wrote them (camelCase members, enums as strings), for the readers
/// that walk the table in order (the replay, the feed) and need neither Marten's event wrapper nor its metadata: the row's
/// <c>type</c> and its <c>data</c> as UTF-8, deserialised once.
/// </summary>
public static class MisEventRows
{
    private static readonly Dictionary<string, Type> Types = typeof(IMisEntry).Assembly.GetTypes()
        .Where(t => typeof(IMisEntry).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
        .ToDictionary(Alias, StringComparer.Ordinal);

    /// <summary>Marten's event type name: the type name in snake case (SelectionRecorded → selection_recorded).</summary>
    public static string Alias(Type type) =>
        string.Concat(type.Name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>The entry a row holds, or null when the row is another kind of event.</summary>
    public static IMisEntry? Read(string alias, ReadOnlySpan<byte> data) =>
        Types.TryGetValue(alias, out var type) ? JsonSerializer.Deserialize(Utf8(data), type, MisEntryJson.Default) as IMisEntry : null;

    /// <summary>The row's <c>type</c> and its <c>data</c> as UTF-8, at <paramref name="typeOrdinal"/> and the ordinal after it.</summary>
    public static (string Alias, byte[] Data) Row(NpgsqlDataReader reader, int typeOrdinal) =>
        (reader.GetString(typeOrdinal), reader.GetFieldValue<byte[]>(typeOrdinal + 1));

    /// <summary>
    /// Up to <paramref name="take"/> rows after position <paramref name="after"/> in order: each row's position and the entry it holds
    /// (null for another kind of event).
    /// </summary>
    public static async Task<List<(long Position, IMisEntry? Entry)>> PageAsync(NpgsqlDataSource db, string schema, long after, int take,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var read = new NpgsqlCommand(
            $"select seq_id, type, data from {schema}.mt_events where seq_id > $1 and is_archived = false order by seq_id limit $2", connection)
        {
            Parameters = { new NpgsqlParameter<long> { TypedValue = after }, new NpgsqlParameter<int> { TypedValue = take } }
        };
        await using var reader = await read.ExecuteReaderAsync(ct);
        var rows = new List<(long, IMisEntry?)>(take);
        while (await reader.ReadAsync(ct))
        {
            var (alias, data) = Row(reader, 1);
            rows.Add((reader.GetInt64(0), Read(alias, data)));
        }

        return rows;
    }

    // jsonb's binary form starts with its version (1) when a driver hands the bytes over as they came.
    private static ReadOnlySpan<byte> Utf8(ReadOnlySpan<byte> data) => data is [1, ..] ? data[1..] : data;
}

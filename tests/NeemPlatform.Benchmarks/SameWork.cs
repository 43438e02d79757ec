using System.Text.RegularExpressions;
using Npgsql;

namespace NeemPlatform.Benchmarks;

/// <summary>
/// The intake's same-work ceiling: hand-written Npgsql that performs exactly the writes one partner referral performs, one referral
/// per transaction, on copies of the service's own tables (same columns, defaults, indexes, primary, unique and foreign keys)
/// filled with copies of real rows. Per referral, as the intake's table counts show:
/// <list type="number">
/// <item>one transaction: two advisory locks (the idempotency key, the person), one round trip reading her idempotency record and
/// identity-index entry, then her stream, its two events, five documents (participant, personal data, identity index, referral,
/// idempotency record) and the outgoing envelope to Impact, committed;</item>
/// <item>the envelope's move: the queue row inserted and the outgoing row deleted in one statement's transaction.</item>
/// </list>
/// </summary>
internal sealed partial class SameWork
{
    /// <summary>The source tables of the first transaction, in the order the service writes them, with the rows of each.</summary>
    public static readonly (string Table, int Rows)[] ReferralWrites =
    [
        ("participant.mt_streams", 1), ("participant.mt_events", 2), ("participant.mt_doc_participant", 1),
        ("participant.mt_doc_personaldatarecord", 1), ("participant.mt_doc_identityindex", 1), ("participant.mt_doc_referral", 1),
        ("participant.mt_doc_idempotencyrecord", 1), ("participant.wolverine_outgoing_envelopes", 1),
    ];

    public const string QueueTable = "neem_queues.wolverine_queue_impact";
    private const string Schema = "same_work";

    private readonly Dictionary<string, Copy> _copies;

    private SameWork(Dictionary<string, Copy> copies) => _copies = copies;

    /// <summary>Rows inserted and deleted per referral, and its transactions.</summary>
    public static (int Inserted, int Deleted, int Transactions) PerReferral => (ReferralWrites.Sum(w => w.Rows) + 1, 1, 2);

    /// <summary>A copy of one table: its insert, and for each column where the value comes from (a fresh key, the template row, a sequence).</summary>
    private sealed record Copy(string Name, string Insert, (string Type, Func<Keys, object> Value)[] Values);

    /// <summary>The keys one referral's rows share: her stream (the events point at it), the outgoing envelope (its move deletes it), and which of a table's rows (an event's version).</summary>
    private sealed record Keys(Guid Stream, Guid Envelope, int Row = 0);

    public static async Task<SameWork> PrepareAsync(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        await Execute(connection, $"drop schema if exists {Schema} cascade; create schema {Schema}; create sequence {Schema}.seq");
        var sources = ReferralWrites.Select(w => w.Table).Append(QueueTable).ToList();
        foreach (var source in sources)
        {
            await Execute(connection, $"create table {CopyOf(source)} (like {source} including all)");
        }

        // Foreign keys (LIKE leaves them out), pointed at the copies.
        foreach (var source in sources)
        {
            foreach (var definition in await Strings(connection, $"select pg_get_constraintdef(oid) from pg_constraint where conrelid = '{source}'::regclass and contype = 'f'"))
            {
                var target = References().Match(definition);
                if (target.Success && sources.Contains(target.Groups[1].Value + "." + target.Groups[2].Value))
                {
                    await Execute(connection, $"alter table {CopyOf(source)} add " +
                        References().Replace(definition, m => $"REFERENCES {CopyOf(m.Groups[1].Value + "." + m.Groups[2].Value)}"));
                }
            }
        }

        // A message body as the service wrote it, for the outgoing row (the service deleted its own rows as it moved them).
        var body = await Scalar(connection, $"select body from {QueueTable} limit 1");
        var copies = new Dictionary<string, Copy>();
        foreach (var source in sources)
        {
            copies[source] = await CopyAsync(connection, source, body);
        }

        return new SameWork(copies);
    }

    private static async Task<Copy> CopyAsync(NpgsqlConnection connection, string source, object? body)
    {
        var (schema, table) = (source.Split('.')[0], source.Split('.')[1]);
        var columns = new List<(string Name, string Type, bool Sequence, bool Unique)>();
        await using (var read = new NpgsqlCommand(
                         "select c.column_name, c.udt_name, coalesce(c.column_default like 'nextval%', false), " +
                         "exists (select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey) " +
                         "        where i.indrelid = ($1 || '.' || $2)::regclass and i.indisunique and a.attname = c.column_name) " +
                         "from information_schema.columns c where c.table_schema = $1 and c.table_name = $2 order by c.ordinal_position", connection)
        {
            Parameters = { new() { Value = schema }, new() { Value = table } }
        })
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3)));
            }
        }

        var template = new Dictionary<string, object>();
        await using (var read = new NpgsqlCommand($"select * from {source} limit 1", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    template[reader.GetName(i)] = reader.GetValue(i);
                }
            }
        }

        var written = columns.Where(c => !c.Sequence).ToList();
        var values = new List<(string, Func<Keys, object>)>();
        var placeholders = new List<string>();
        foreach (var (name, type, _, unique) in written)
        {
            var stream = (table == "mt_streams" && name == "id") || (table == "mt_events" && name == "stream_id");
            var envelope = table == "wolverine_outgoing_envelopes" && name == "id";
            placeholders.Add(unique && type is "int8" or "int4" && name is "seq_id" ? $"nextval('{Schema}.seq')" : $"${values.Count + 1}");
            if (placeholders[^1].StartsWith("nextval", StringComparison.Ordinal))
            {
                continue;
            }

            var kept = template.GetValueOrDefault(name);
            var version = table is "mt_events" or "mt_streams" && name == "version";
            values.Add((type, (type, unique) switch
            {
                ("int8" or "int4", _) when version && table == "mt_events" => k => type == "int8" ? k.Row + 1L : k.Row + 1,
                ("int8" or "int4", _) when version => _ => type == "int8" ? 2L : 2,
                ("uuid", _) when stream => k => k.Stream,
                ("uuid", _) when envelope => k => k.Envelope,
                ("uuid", true) => _ => Guid.NewGuid(),
                ("text" or "varchar", true) => _ => Guid.NewGuid().ToString("N") + ((kept as string)?.Length > 32 ? new string('k', ((string)kept).Length - 32) : ""),
                ("uuid", false) => _ => kept ?? Guid.NewGuid(),
                ("bytea", _) => _ => kept ?? body ?? Array.Empty<byte>(),
                ("int4", _) => _ => kept ?? 0,
                ("int8", _) => _ => kept ?? 0L,
                ("bool", _) => _ => kept ?? false,
                ("timestamptz", _) => _ => kept ?? DateTime.UtcNow,
                ("jsonb", _) => _ => kept ?? "{}",
                ("text" or "varchar", false) => _ => kept ?? "x",
                _ => _ => kept ?? DBNull.Value,
            }));
        }

        var insert = $"insert into {CopyOf(source)} ({string.Join(", ", written.Select(c => '"' + c.Name + '"'))}) values ({string.Join(", ", placeholders)})";
        return new Copy(source, insert, values.ToArray());
    }

    /// <summary>One referral's writes, as the service performs them (see the class).</summary>
    public async Task ReferAsync(NpgsqlDataSource db)
    {
        var keys = new Keys(Guid.NewGuid(), Guid.NewGuid());
        var idempotency = Guid.NewGuid().ToString("N");
        var person = Guid.NewGuid().ToString("N");
        await using var connection = await db.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var locks = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 0)), pg_advisory_xact_lock(hashtextextended($2, 0))", connection, transaction)
            {
                Parameters = { new() { Value = idempotency }, new() { Value = person } }
            })
            {
                await locks.ExecuteNonQueryAsync();
            }

            await using (var lookups = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                             {
                                 new($"select data from {CopyOf("participant.mt_doc_idempotencyrecord")} where id = $1") { Parameters = { new() { Value = idempotency } } },
                                 new($"select data from {CopyOf("participant.mt_doc_identityindex")} where id = $1") { Parameters = { new() { Value = person } } },
                             }
            })
            await using (var reader = await lookups.ExecuteReaderAsync())
            {
                do
                {
                    while (await reader.ReadAsync())
                    {
                    }
                }
                while (await reader.NextResultAsync());
            }

            await using var writes = new NpgsqlBatch(connection, transaction);
            foreach (var (table, rows) in ReferralWrites)
            {
                for (var r = 0; r < rows; r++)
                {
                    writes.BatchCommands.Add(Command(_copies[table], keys with { Row = r }));
                }
            }

            await writes.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        // The outbox's move to the queue: the queue row in, the outgoing row out, one transaction.
        await using var move = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command(_copies[QueueTable], keys),
                new($"delete from {CopyOf("participant.wolverine_outgoing_envelopes")} where id = $1") { Parameters = { new() { Value = keys.Envelope } } },
            }
        };
        await move.ExecuteNonQueryAsync();
    }

    private static NpgsqlBatchCommand Command(Copy copy, Keys keys)
    {
        var command = new NpgsqlBatchCommand(copy.Insert);
        foreach (var (type, value) in copy.Values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value(keys), DataTypeName = type });
        }

        return command;
    }

    private static string CopyOf(string source) => $"{Schema}.{source.Replace('.', '_')}";

    [GeneratedRegex(@"REFERENCES (\w+)\.(\w+)")]
    private static partial Regex References();

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    private static async Task<List<string>> Strings(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<string>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    public override string ToString() => string.Join(Environment.NewLine, _copies.Values.Select(c => c.Insert));
}

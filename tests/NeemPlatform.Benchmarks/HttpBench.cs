extern alias coaching;
extern alias participant;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using NeemPlatform.TestSupport;
using Npgsql;

namespace NeemPlatform.Benchmarks;

/// <summary>
/// The raw PostgreSQL limits and the HTTP paths measured against them in the same run, on the same server:
/// single-row insert transactions into an event-shaped table at 1, 4 and 16 connections, batched inserts,
/// referral intake at 1, 4 and 16 concurrent partners (HTTP, validation, events, outbox commit), an appending
/// command, and the Participant → Coaching crossing. The services run in this process (ASP.NET Core's test
/// server: the real pipeline without a socket), so memory is this process's.
/// </summary>
internal static class HttpBench
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How long the intake runs before it is measured. On 2 cores the tiered JIT is still recompiling hot methods
    /// 10 s after the start (measured: 1 766 methods in 6 s), which cost a third of the intake's rate; a service runs for days.
    /// </summary>
    public static TimeSpan WarmUp { get; set; } = TimeSpan.FromSeconds(20);

    public static async Task<IReadOnlyList<Result>> RunAsync(bool intakeOnly = false)
    {
        var results = new List<Result>();
        var connectionString = await TestPostgres.CreateDatabaseAsync("benchhttp");
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 64 }.ConnectionString);
        await using (var setup = new NpgsqlCommand(
                         "create table raw_events (seq bigserial primary key, id uuid not null, stream_id uuid not null, version int not null, " +
                         "type text not null, data jsonb not null, ts timestamptz not null default now())", await dataSource.OpenConnectionAsync()))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var raw = new Dictionary<int, double>();
        foreach (var connections in new[] { 1, 4, 16 })
        {
            var (count, seconds, _) = await Loop(connections, async () =>
            {
                await using var c = await dataSource.OpenConnectionAsync();
                await using var insert = new NpgsqlCommand("insert into raw_events (id, stream_id, version, type, data) values ($1, $2, 1, 'participant_registered', $3::jsonb)", c);
                insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
                insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
                insert.Parameters.Add(new NpgsqlParameter { Value = """{"participantId":"x","region":"stockholm","source":"partner-referral","targetGroup":"newly-arrived","municipality":"Botkyrka"}""" });
                await insert.ExecuteNonQueryAsync();
            });
            raw[connections] = count / seconds;
            results.Add(new Result($"raw single-row insert transactions, {connections} connection(s)", raw[connections], "tx/s", null, seconds));
        }

        var batch = Stopwatch.StartNew();
        await using (var c = await dataSource.OpenConnectionAsync())
        await using (var writer = await c.BeginBinaryImportAsync("copy raw_events (id, stream_id, version, type, data) from stdin (format binary)"))
        {
            for (var i = 0; i < 200_000; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.NewGuid());
                await writer.WriteAsync(Guid.NewGuid());
                await writer.WriteAsync(1);
                await writer.WriteAsync("participant_registered");
                await writer.WriteAsync("""{"participantId":"x","region":"stockholm"}""", NpgsqlTypes.NpgsqlDbType.Jsonb);
            }

            await writer.CompleteAsync();
        }

        results.Add(new Result("raw batched insert (binary COPY, 200 000 rows)", 200_000 / batch.Elapsed.TotalSeconds, "rows/s", null, batch.Elapsed.TotalSeconds));

        var Configure = InProcessServices.Configure(connectionString);
        await using var participants = await AlbaHost.For<participant::Program>(Configure);
        await using var coachingHost = await AlbaHost.For<coaching::Program>(Configure);

        var admin = InProcessServices.Staff(participants, "administrator");
        var partners = new List<HttpClient>();
        for (var p = 0; p < 16; p++)
        {
            var partner = await (await admin.PostAsJsonAsync("/api/partners", new { name = $"Partner {p}" })).Content.ReadFromJsonAsync<JsonElement>();
            var issued = await (await admin.PostAsJsonAsync($"/api/partners/{partner.GetProperty("id").GetGuid()}/credentials", new { label = "bench" }))
                .Content.ReadFromJsonAsync<JsonElement>();
            var client = participants.Server.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", issued.GetProperty("key").GetString());
            partners.Add(client);
        }

        var serial = 0;
        string NextNumber() => InProcessServices.Number(Interlocked.Increment(ref serial));

        // Warm-up until steady state: code generation, connections, prepared statements and the JIT's tiers (a
        // service runs for days; a few hundred requests after its start the tiered compiler is still at work).
        var warm = 0;
        await Loop(16, () => Refer(partners[Interlocked.Increment(ref warm) % 16], NextNumber()), WarmUp);

        double? sameWork = null;
        foreach (var clients in new[] { 1, 4, 16 })
        {
            var next = 0;
            var before = clients == 16 ? await TableWritesAsync(dataSource) : null;
            var (count, seconds, latencies) = await Loop(clients, () => Refer(partners[Interlocked.Increment(ref next) % clients], NextNumber()));
            if (before is not null)
            {
                await Task.Delay(TimeSpan.FromSeconds(3)); // the work a referral leaves to the queues
                var after = await TableWritesAsync(dataSource);
                Console.WriteLine($"rows written per referral ({count} referrals at 16 partners, with what the queues did after):");
                foreach (var (table, writes) in after.OrderBy(a => a.Key))
                {
                    var was = before.GetValueOrDefault(table);
                    var delta = (writes.Inserted - was.Inserted, writes.Updated - was.Updated, writes.Deleted - was.Deleted);
                    if (delta != (0, 0, 0))
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {table,-50} inserted {delta.Item1 / (double)count,6:0.00} updated {delta.Item2 / (double)count,6:0.00} deleted {delta.Item3 / (double)count,6:0.00}"));
                    }
                }
            }

            if (clients == 16)
            {
                // The same writes by hand, one referral per transaction, 16 connections: the intake's own ceiling.
                var same = await SameWork.PrepareAsync(dataSource);
                await Loop(16, () => same.ReferAsync(dataSource), TimeSpan.FromSeconds(3));
                var (sameCount, sameSeconds, sameLatencies) = await Loop(16, () => same.ReferAsync(dataSource));
                var (inserted, deleted, transactions) = SameWork.PerReferral;
                results.Add(new Result(
                    $"same-work raw: one referral's {inserted} inserts, {deleted} delete, {transactions} tx by hand, 16 connections, p50/p99 {P(sameLatencies, 50)}/{P(sameLatencies, 99)} ms",
                    sameCount / sameSeconds, "referrals/s", raw[16], sameSeconds));
                sameWork = sameCount / sameSeconds;
            }

            var rate = count / seconds;
            results.Add(new Result($"referral intake, {clients} partner(s), p50/p95/p99 {P(latencies, 50)}/{P(latencies, 95)}/{P(latencies, 99)} ms",
                rate, "req/s", raw[clients], seconds));
            if (sameWork is { } ceiling)
            {
                results.Add(new Result("referral intake, 16 partners, against the same writes by hand", rate, "req/s", ceiling, seconds));
            }
        }

        if (intakeOnly)
        {
            return results;
        }

        // The same intake without the partner layer (credential, idempotency record, rate limit): an advisor's registration.
        var registrar = InProcessServices.Staff(participants, "advisor");
        var (registrations, registrationSeconds, registrationLatencies) = await Loop(4, async () =>
            (await registrar.PostAsJsonAsync("/api/participants", new { source = "walk-in", person = Person(NextNumber()) })).EnsureSuccessStatusCode());
        results.Add(new Result($"staff registration (same intake), 4 clients, p50/p99 {P(registrationLatencies, 50)}/{P(registrationLatencies, 99)} ms",
            registrations / registrationSeconds, "req/s", raw[4], registrationSeconds));

        // An appending command: the advisor updates profiles of existing participants (one event per request).
        var advisor = InProcessServices.Staff(participants, "advisor");
        var ids = new List<Guid>();
        for (var i = 0; i < 64; i++)
        {
            var receipt = await (await advisor.PostAsJsonAsync("/api/participants", new { source = "walk-in", person = Person(NextNumber()) })).Content.ReadFromJsonAsync<JsonElement>();
            ids.Add(receipt.GetProperty("participantId").GetGuid());
        }

        var flip = 0;
        var (appends, appendSeconds, appendLatencies) = await Loop(4, async () =>
        {
            var n = Interlocked.Increment(ref flip);
            var response = await advisor.PutAsJsonAsync($"/api/participants/{ids[n % ids.Count]}/profile", new
            {
                gender = "female",
                educationLevel = n % 2 == 0 ? "secondary" : "university",
                languages = Array.Empty<string>(),
                municipality = "Botkyrka",
                familyInvolvedInBusinessIdea = false,
                languageTrainingNeed = "none"
            });
            response.EnsureSuccessStatusCode();
        });
        results.Add(new Result($"appending command over HTTP, 4 clients, p50/p99 {P(appendLatencies, 50)}/{P(appendLatencies, 99)} ms",
            appends / appendSeconds, "req/s", raw[4], appendSeconds));

        var crossings = await CrossingsAsync(participants, dataSource, 40, NextNumber);
        results.Add(new Result($"Participant → Coaching crossing, p50/p99 {P(crossings, 50)}/{P(crossings, 99)} ms", Percentile(crossings, 50), "ms (p50)", null, 0));

        GC.Collect();
        using var self = Process.GetCurrentProcess();
        results.Add(new Result("memory after the run (this process: Participant and Coaching hosts)", self.WorkingSet64 / 1024.0 / 1024.0, "MiB", null, 0));
        results.Add(new Result("managed heap after the run", GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0, "MiB", null, 0));
        return results;
    }

    /// <summary>
    /// The crossing, <paramref name="count"/> times after one to warm up: a selection in Participant until Coaching has the enrolment
    /// (over the PostgreSQL queue), in ms.
    /// </summary>
    internal static async Task<List<double>> CrossingsAsync(IAlbaHost participants, NpgsqlDataSource dataSource, int count, Func<string> nextNumber)
    {
        var manager = InProcessServices.Staff(participants, "region-manager");
        var advisor = InProcessServices.Staff(participants, "advisor");
        (await manager.PostAsJsonAsync("/api/network-groups", new { name = "Bench", formedOn = "2026-01-01", capacity = 500 })).EnsureSuccessStatusCode();
        var crossings = new List<double>();
        await using var probe = await dataSource.OpenConnectionAsync();
        for (var i = 0; i <= count; i++)
        {
            var receipt = await (await advisor.PostAsJsonAsync("/api/participants", new { source = "walk-in", person = Person(nextNumber()), registeredOn = "2026-01-02" }))
                .Content.ReadFromJsonAsync<JsonElement>();
            var id = receipt.GetProperty("participantId").GetGuid();
            await advisor.PostAsJsonAsync($"/api/participants/{id}/interview", new { interviewedOn = "2026-01-03", drive = 5, will = 5 });
            var clock = Stopwatch.StartNew();
            (await advisor.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "selected", decidedOn = "2026-01-04" })).EnsureSuccessStatusCode();
            while (true)
            {
                await using var exists = new NpgsqlCommand($"select count(*) from coaching.mt_streams where id = '{id}'", probe);
                if ((long)(await exists.ExecuteScalarAsync())! > 0)
                {
                    break;
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException("Coaching did not enrol within 30 s.");
                }

                await Task.Delay(2);
            }

            if (i > 0)
            {
                crossings.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return crossings;
    }

    /// <summary>Rows inserted, updated and deleted so far per table of the database, and its committed transactions (as "transactions").</summary>
    private static async Task<Dictionary<string, (long Inserted, long Updated, long Deleted)>> TableWritesAsync(NpgsqlDataSource dataSource)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the backends' counters are flushed at most once a second
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var read = new NpgsqlCommand(
            "select schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables " +
            "union all select 'transactions', xact_commit, 0, 0 from pg_stat_database where datname = current_database()", connection);
        await using var reader = await read.ExecuteReaderAsync();
        var writes = new Dictionary<string, (long, long, long)>();
        while (await reader.ReadAsync())
        {
            writes[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        return writes;
    }

    private static object Person(string number) => new
    {
        personalIdentityNumber = number,
        firstName = "Bench",
        lastName = "Mark",
        municipality = "Botkyrka",
        targetGroup = "newly-arrived",
        permanentResidencePermit = true,
        consent = true,
        phone = "070-123 45 67",
        gender = "female",
        bornAbroad = true
    };

    private static async Task Refer(HttpClient partner, string number)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(Person(number)) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await partner.SendAsync(request);
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"referral answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    internal static string P(List<double> latencies, int percentile)
    {
        if (latencies.Count == 0)
        {
            return "-";
        }

        var sorted = latencies.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)].ToString("0.0", CultureInfo.InvariantCulture);
    }

    internal static double Percentile(List<double> values, int percentile) => double.Parse(P(values, percentile), CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="work"/> in <paramref name="workers"/> loops for the window; the count, the seconds and every latency in ms.</summary>
    private static async Task<(long Count, double Seconds, List<double> Latencies)> Loop(int workers, Func<Task> work, TimeSpan? window = null)
    {
        var until = window ?? Window;
        long count = 0;
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < until)
            {
                var started = clock.Elapsed;
                await work();
                mine.Add((clock.Elapsed - started).TotalMilliseconds);
                Interlocked.Increment(ref count);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        })));
        return (count, clock.Elapsed.TotalSeconds, latencies);
    }
}

extern alias participant;

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using NeemPlatform.TestSupport;
using Npgsql;

namespace NeemPlatform.Benchmarks;

/// <summary>
/// The portal's participant search, server-side, with 10 000 participants in the region: by name (words of first and
/// last name), by identity number (exact, through the keyed hash), by status, by network group, and the first page
/// unfiltered. Each is timed over 200 requests after 40 to warm up, one client, through the Participant service in this
/// process; the raw counterpart is the same filter, count and first page as one SQL query on a plain table of the same
/// 10 000 people, on the same server, in the same run.
/// </summary>
internal static class SearchBench
{
    private static readonly string[] FirstNames =
        ["Amina", "Fatima", "Samira", "Leyla", "Nadia", "Hodan", "Sara", "Maryam", "Zahra", "Aisha", "Elif", "Rania", "Yasmin", "Hawa", "Dilan", "Noor"];

    private static readonly string[] LastNames =
    [
        "Ahmed", "Hassan", "Ali", "Mohamed", "Yilmaz", "Karimi", "Haddad", "Osman", "Abdi", "Nilsson", "Jama", "Rahimi", "Demir", "Farah", "Saleh",
        "Yusuf", "Hussein", "Omar", "Ibrahim", "Mahmoud", "Kaya", "Aziz", "Nasser", "Khalil", "Sharif", "Tahir", "Warsame", "Celik", "Nur", "Bakr"
    ];

    public static async Task<IReadOnlyList<Result>> RunAsync(int people = 10_000)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("benchsearch");
        await using var host = await AlbaHost.For<participant::Program>(InProcessServices.Configure(connectionString));
        var advisor = InProcessServices.Staff(host, "advisor");
        var manager = InProcessServices.Staff(host, "region-manager");
        var group = (await (await manager.PostAsJsonAsync("/api/network-groups", new { name = "Sök", formedOn = "2024-01-01", capacity = 500 }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // 10 000 people registered through the API over three years, 400 of them interviewed and selected into the group.
        var seeding = Stopwatch.StartNew();
        var next = 0;
        var registered = new System.Collections.Concurrent.ConcurrentBag<(Guid Id, int N)>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n <= people; n = Interlocked.Increment(ref next))
            {
                var response = await advisor.PostAsJsonAsync("/api/participants", new
                {
                    source = "walk-in",
                    registeredOn = new DateOnly(2024, 1, 1).AddDays(n % 1_000).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    person = new
                    {
                        personalIdentityNumber = InProcessServices.Number(n),
                        firstName = FirstNames[n % FirstNames.Length],
                        lastName = LastNames[n / FirstNames.Length % LastNames.Length] + (n % 7 == 0 ? "-Lind" : ""),
                        municipality = "Botkyrka",
                        targetGroup = "newly-arrived",
                        permanentResidencePermit = true,
                        consent = true,
                        gender = "female",
                        bornAbroad = true,
                        phone = "070-123 45 67"
                    }
                });
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"registration answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                registered.Add(((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantId").GetGuid(), n));
            }
        })));

        foreach (var (id, _) in registered.Where(r => r.N % 25 == 0))
        {
            (await advisor.PostAsJsonAsync($"/api/participants/{id}/interview", new { interviewedOn = "2026-11-01", drive = 4, will = 4 })).EnsureSuccessStatusCode();
            (await advisor.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "selected", decidedOn = "2026-11-02" })).EnsureSuccessStatusCode();
        }

        var seeded = seeding.Elapsed;

        // The raw counterpart: the same people in one plain table with ordinary indexes.
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var setup = dataSource.CreateCommand(
                         "create table raw_people (id uuid primary key, first_name text not null, last_name text not null, number text not null, " +
                         "status text not null, group_id uuid, registered_on date not null); " +
                         "insert into raw_people select p.id, r.data->>'firstName', r.data->>'lastName', i.id, " +
                         "p.data->>'status', (p.data->>'networkGroupId')::uuid, (p.data->>'registeredOn')::date " +
                         "from participant.mt_doc_participant p join participant.mt_doc_personaldatarecord r on r.id = p.id " +
                         "join participant.mt_doc_identityindex i on (i.data->>'participantId')::uuid = p.id; " +
                         "create index on raw_people (number); create index on raw_people (status); create index on raw_people (group_id); " +
                         "create index on raw_people (registered_on desc, id desc); analyze raw_people;"))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var someone = InProcessServices.Number(people / 2);
        var someoneHash = (string)(await dataSource.CreateCommand(
            $"select number from raw_people where id = '{registered.First(r => r.N == people / 2).Id}'").ExecuteScalarAsync())!;
        var cases = new (string Name, object Search, string Where, object? Parameter)[]
        {
            ("by name (two words)", new { name = "hassan amina" }, "(first_name ilike $1 or last_name ilike $1) and (first_name ilike '%amina%' or last_name ilike '%amina%')", "%hassan%"),
            ("by identity number (exact)", new { identityNumber = someone }, "number = $1", someoneHash),
            ("by status", new { status = "in-programme" }, "status = $1", "in-programme"),
            ("by network group", new { networkGroupId = group }, "group_id = $1", group),
            ("first page, no filter", new { }, "$1::text is null", null)
        };

        var results = new List<Result>
        {
            new($"search: {people:N0} participants registered and 400 selected through the API", seeded.TotalSeconds, "s", null, seeded.TotalSeconds)
        };
        foreach (var (name, search, where, parameter) in cases)
        {
            var http = await Time(async () =>
            {
                var response = await advisor.PostAsJsonAsync("/api/participants/search", search);
                response.EnsureSuccessStatusCode();
                var found = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (found.GetProperty("total").GetInt32() == 0)
                {
                    throw new InvalidOperationException($"The search {name} found nobody.");
                }
            });
            var raw = await Time(async () =>
            {
                await using var query = dataSource.CreateCommand(
                    $"select id, first_name, last_name, status, count(*) over () from raw_people where {where} order by registered_on desc, id desc limit 25");
                query.Parameters.Add(new NpgsqlParameter { Value = parameter ?? DBNull.Value });
                await using var reader = await query.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            });
            results.Add(new Result($"search {name}, p50/p95 {HttpBench.P(http, 50)}/{HttpBench.P(http, 95)} ms (raw {HttpBench.P(raw, 95)})",
                HttpBench.Percentile(http, 95), "ms (p95)", HttpBench.Percentile(raw, 95), 0));
        }

        return results;
    }

    /// <summary>200 timed runs after 40 to warm up; the latencies in ms.</summary>
    private static async Task<List<double>> Time(Func<Task> work)
    {
        for (var i = 0; i < 40; i++)
        {
            await work();
        }

        var latencies = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            await work();
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        return latencies;
    }
}

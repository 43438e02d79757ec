extern alias participant;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using NeemPlatform.TestSupport;
using Npgsql;
using participant::NeemPlatform.Participant.PersonalData;

namespace NeemPlatform.Benchmarks;

/// <summary>
/// Fault tests that need real processes (a documented command, not part of the test suite):
///   dotnet run -c Release --project tests/NeemPlatform.Benchmarks -- faults
/// The Participant and Impact services run as child processes on a local PostgreSQL. (1) A burst of 2 000
/// referrals from 8 partners while the Participant process is killed with SIGKILL three times and restarted;
/// (2) a burst of 1 000 while PostgreSQL is stopped for 10 seconds. Partners retry with the same
/// Idempotency-Key until they get their 201, as the API tells them to. Afterwards every acknowledged referral
/// must exist exactly once, every message must have had its effect exactly once in the MIS, and the outbox
/// and dead-letter tables must be empty.
/// </summary>
internal static class Faults
{
    public static async Task<IReadOnlyList<Result>> RunAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("faults");
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json"))).RootElement;
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        string Dll(string assembly) => Path.Combine(manifest.GetProperty($"{assembly}, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null").GetString()!,
            "bin", configuration, "net10.0", assembly + ".dll");

        var participantPort = FreePort();
        var impactPort = FreePort();
        var participantUrl = new Uri($"http://127.0.0.1:{participantPort}");
        Process Start(string assembly, int port) => Process.Start(new ProcessStartInfo("dotnet", [Dll(assembly)])
        {
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}", ["ASPNETCORE_ENVIRONMENT"] = "Development", ["ConnectionStrings__neem"] = connectionString,
                ["Neem__Region"] = "stockholm", ["Neem__Auth__DevelopmentSigningKey"] = TestAuth.SigningKey, ["Neem__Auth__DevelopmentIssuer"] = "true",
                ["Neem__Participant__IdentityKey"] = TestAuth.IdentityKey, ["Neem__Lending__StatementKey"] = TestAuth.IdentityKey,
                ["Neem__Impact__FeedSecret"] = TestAuth.IdentityKey, ["Neem__Partners__RequestsPerSecond"] = "100000",
                ["Neem__Partners__Burst"] = "100000", ["Logging__LogLevel__Default"] = "Warning"
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true
        })!;

        var participantProcess = Start("NeemPlatform.Participant", participantPort);
        var impactProcess = Start("NeemPlatform.Impact", impactPort);
        // Coaching and Lending run beside them as on a regional platform, so that every service's memory is measured.
        var coachingPort = FreePort();
        var lendingPort = FreePort();
        var coachingProcess = Start("NeemPlatform.Coaching", coachingPort);
        var lendingProcess = Start("NeemPlatform.Lending", lendingPort);
        try
        {
            using var http = new HttpClient { BaseAddress = participantUrl, Timeout = TimeSpan.FromSeconds(30) };
            await WaitHealthy(http);
            foreach (var port in new[] { impactPort, coachingPort, lendingPort })
            {
                await WaitHealthy(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
            }
            var admin = new HttpClient { BaseAddress = participantUrl };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", TestAuth.TokenFor("administrator", "stockholm"));
            var keys = new List<string>();
            for (var p = 0; p < 8; p++)
            {
                var partner = await (await admin.PostAsJsonAsync("/api/partners", new { name = $"Partner {p}" })).Content.ReadFromJsonAsync<JsonElement>();
                var issued = await (await admin.PostAsJsonAsync($"/api/partners/{partner.GetProperty("id").GetGuid()}/credentials", new { label = "faults" }))
                    .Content.ReadFromJsonAsync<JsonElement>();
                keys.Add(issued.GetProperty("key").GetString()!);
            }

            var results = new List<Result>();

            // 1. SIGKILL three times during 2 000 referrals.
            var kills = 0;
            var killer = async (int done, int total) =>
            {
                if (kills < 3 && done >= (kills + 1) * total / 4)
                {
                    kills++;
                    participantProcess.Kill(entireProcessTree: true); // SIGKILL
                    await participantProcess.WaitForExitAsync();
                    participantProcess = Start("NeemPlatform.Participant", participantPort);
                }
            };
            var (acknowledged, retries) = await BurstAsync(participantUrl, keys, 2_000, 0, killer);
            results.AddRange(await CheckAsync(connectionString, $"SIGKILL ×{kills} during 2 000 referrals", acknowledged, retries));

            // 2. PostgreSQL down for 10 seconds during 1 000 referrals.
            Task? outage = null;
            var (acknowledged2, retries2) = await BurstAsync(participantUrl, keys, 1_000, 2_000, (done, total) =>
            {
                // In the background: the partners keep sending while the database is down.
                outage ??= done >= total / 3 ? Task.Run(() => TestPostgres.StopForAsync(TimeSpan.FromSeconds(10))) : null;
                return Task.CompletedTask;
            });
            await (outage ?? Task.CompletedTask);
            Console.WriteLine($"faults: {retries2} retries while the database was down");
            results.AddRange(await CheckAsync(connectionString, "PostgreSQL stopped 10 s during 1 000 referrals", acknowledged.Concat(acknowledged2).ToList(), retries2));
            foreach (var (name, process) in new[]
                     {
                         ("Participant", participantProcess), ("Coaching", coachingProcess), ("Lending", lendingProcess), ("Impact", impactProcess)
                     })
            {
                process.Refresh();
                results.Add(new Result($"memory after the run: {name} service process (resident)", process.WorkingSet64 / 1024.0 / 1024.0, "MiB", null, 0));
            }

            return results;
        }
        finally
        {
            foreach (var process in new[] { participantProcess, impactProcess, coachingProcess, lendingProcess })
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    /// <summary>Sends <paramref name="count"/> referrals from 8 partners; each retries with the same key and body until its 201.</summary>
    private static async Task<(List<Guid> Acknowledged, int Retries)> BurstAsync(Uri url, IReadOnlyList<string> keys, int count, int offset,
        Func<int, int, Task> fault)
    {
        var acknowledged = new List<Guid>();
        var retries = 0;
        var next = -1;
        var done = 0;
        var faultGate = new SemaphoreSlim(1, 1);
        await Task.WhenAll(keys.Select(key => Task.Run(async () =>
        {
            using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(20) };
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            while (true)
            {
                var n = Interlocked.Increment(ref next);
                if (n >= count)
                {
                    return;
                }

                var idempotencyKey = $"burst-{offset + n}";
                var body = Person(offset + n);
                var clock = Stopwatch.StartNew();
                while (true)
                {
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(body) };
                        request.Headers.Add("Idempotency-Key", idempotencyKey);
                        var response = await client.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
                            lock (acknowledged)
                            {
                                acknowledged.Add(receipt.GetProperty("referralId").GetGuid());
                            }

                            break;
                        }

                        if ((int)response.StatusCode is >= 400 and < 500 and not 429 and not 409)
                        {
                            throw new InvalidOperationException($"referral {offset + n}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                    }

                    Interlocked.Increment(ref retries);
                    if (clock.Elapsed > TimeSpan.FromMinutes(3))
                    {
                        throw new TimeoutException($"referral {offset + n} was never acknowledged");
                    }

                    await Task.Delay(200);
                }

                var finished = Interlocked.Increment(ref done);
                await faultGate.WaitAsync();
                try
                {
                    await fault(finished, count);
                }
                finally
                {
                    faultGate.Release();
                }
            }
        })));
        return (acknowledged, retries);
    }

    private static async Task<IReadOnlyList<Result>> CheckAsync(string connectionString, string scenario, List<Guid> acknowledged, int retries)
    {
        var distinct = acknowledged.Distinct().Count();
        long Count(NpgsqlConnection c, string sql)
        {
            using var command = new NpgsqlCommand(sql, c);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        NpgsqlConnection.ClearAllPools(); // connections from before a database restart are gone
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        long misReferrals = 0, outbox = 0;
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            misReferrals = Count(connection, "select count(*) from impact.mt_events where type = 'referral_recorded'");
            outbox = Count(connection, "select count(*) from participant.wolverine_outgoing_envelopes");
            if (misReferrals >= distinct && outbox == 0)
            {
                break;
            }

            await Task.Delay(500);
        }

        var referrals = Count(connection, "select count(*) from participant.mt_doc_referral");
        var duplicateReferrals = referrals - Count(connection, "select count(distinct data->>'participantId') from participant.mt_doc_referral");
        var referralEvents = Count(connection, "select count(*) from participant.mt_events where type = 'referral_received'");
        var misDistinct = Count(connection, "select count(distinct data->>'sourceEventId') from impact.mt_events where type = 'referral_recorded'");
        var deadLetters = Count(connection, "select count(*) from participant.wolverine_dead_letters") +
                          Count(connection, "select count(*) from impact.wolverine_dead_letters");
        var lost = distinct - referrals;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"faults: {scenario}: acknowledged {distinct} (answers {acknowledged.Count}, retries {retries}); referrals stored {referrals}, " +
            $"referral events {referralEvents}, MIS referral entries {misReferrals} ({misDistinct} distinct), outbox {outbox}, dead letters {deadLetters}; caught up in {clock.Elapsed.TotalSeconds:0.0} s"));
        if (referrals != distinct || referralEvents != distinct || misReferrals != distinct || misDistinct != distinct || outbox != 0 || deadLetters != 0
            || duplicateReferrals != 0)
        {
            throw new InvalidOperationException($"faults: {scenario} lost or duplicated something (see the line above).");
        }

        return
        [
            new Result($"{scenario}: acknowledged referrals", distinct, "referrals", null, 0),
            new Result($"{scenario}: lost / duplicated / dead letters", lost + duplicateReferrals + deadLetters, "items", null, clock.Elapsed.TotalSeconds),
        ];
    }

    private static object Person(int n)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(n % 20_000);
        var nine = $"{birth.Year % 100:D2}{birth.Month:D2}{birth.Day:D2}{n / 20_000 % 999 + 1:D3}";
        return new
        {
            personalIdentityNumber = $"{birth.Year / 100:D2}{nine}{SwedishIdentityNumber.LuhnCheckDigit(nine)}",
            firstName = "Fault",
            lastName = "Test",
            municipality = "Botkyrka",
            targetGroup = "newly-arrived",
            permanentResidencePermit = true,
            consent = true,
            phone = "070-123 45 67"
        };
    }

    private static async Task WaitHealthy(HttpClient client)
    {
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{client.BaseAddress} did not become healthy.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

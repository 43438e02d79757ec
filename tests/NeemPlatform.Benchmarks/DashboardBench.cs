extern alias impact;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NeemPlatform.TestSupport;
using Npgsql;

namespace NeemPlatform.Benchmarks;

/// <summary>
/// The region manager's dashboard over a large MIS history: Impact in-process on a database filled with <c>count</c> MIS facts,
/// and what the dashboard asks for on each visit (the indicators on a day, the twelve months' series, the socio-economic result;
/// together, as the page asks), measured against the raw limit of the same run: one sequential read of the whole event table.
/// Between visits a journey's facts are appended, as in a live region, so every visit reads what is new.
/// </summary>
internal static class DashboardBench
{
    public static async Task<IReadOnlyList<Result>> RunAsync(int count, int visits = 20)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync("benchdashboard")) { NoResetOnClose = true }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var host = await Alba.AlbaHost.For<impact::Program>(InProcessServices.Configure(connectionString));
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var (written, participants, seconds) = await Bench.FillAsync(store, count, "dashboard");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dashboard: {written:N0} MIS facts of {participants:N0} participants written in {seconds:0} s"));

        // The raw limit: every fact's JSON read once, in order, in one connection.
        async Task<double> RawAsync()
        {
            var clock = Stopwatch.StartNew();
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("select data from impact.mt_events order by seq_id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            long characters = 0;
            while (await reader.ReadAsync())
            {
                characters += reader.GetString(0).Length;
            }

            return clock.Elapsed.TotalMilliseconds;
        }

        var raw = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            raw.Add(await RawAsync());
        }

        var rawMedian = raw.Order().ElementAt(1);
        using var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestAuth.TokenFor("region-manager", "stockholm", "bench-manager"));
        var today = SwedishToday.Date;
        var first = today.AddMonths(-11);

        async Task<double> VisitAsync()
        {
            var clock = Stopwatch.StartNew();
            var answers = await Task.WhenAll(
                client.GetAsync($"/api/indicators?asOf={today:yyyy-MM-dd}"),
                client.GetAsync($"/api/indicators/series?from={first:yyyy-MM}&to={today:yyyy-MM}"),
                client.GetAsync($"/api/socio-economics?asOf={today:yyyy-MM-dd}"));
            foreach (var answer in answers)
            {
                if (!answer.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{answer.RequestMessage?.RequestUri} answered {(int)answer.StatusCode}");
                }

                await answer.Content.ReadAsByteArrayAsync();
                answer.Dispose();
            }

            return clock.Elapsed.TotalMilliseconds;
        }

        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var firstVisit = await VisitAsync(); // the service reads the history for the first time (as after a restart without warm-up)
        GC.Collect();
        var heldHistory = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        var times = new List<double>();
        for (var v = 0; v < visits; v++)
        {
            await Bench.FillAsync(store, 47, "dashboard top-up"); // one more journey's facts since the last visit
            times.Add(await VisitAsync());
        }

        // The indicators alone as of dates nobody asked for before (every participant's state on that date is folded anew).
        var anyDate = new List<double>();
        for (var v = 0; v < visits; v++)
        {
            var day = new DateOnly(2024, 1, 15).AddDays(v * 37);
            var clock = Stopwatch.StartNew();
            using var answer = await client.GetAsync($"/api/indicators?asOf={day:yyyy-MM-dd}");
            answer.EnsureSuccessStatusCode();
            await answer.Content.ReadAsByteArrayAsync();
            anyDate.Add(clock.Elapsed.TotalMilliseconds);
        }

        var anyP95 = HttpBench.Percentile(anyDate, 95);
        var p50 = HttpBench.Percentile(times, 50);
        var p95 = HttpBench.Percentile(times, 95);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dashboard: raw read of {written:N0} facts {string.Join(" ", raw.Select(r => $"{r:0} ms"))}; first visit {firstVisit:0} ms; " +
            $"{visits} visits p50/p95 {p50:0}/{p95:0} ms; indicators as of a new date p95 {anyP95:0} ms; the history held in memory ≈ {heldHistory / 1024.0 / 1024.0:0} MiB"));
        return
        [
            new Result($"dashboard over {written / 1000:N0}k MIS facts, first visit (ms)", firstVisit, "ms", rawMedian, firstVisit / 1000),
            new Result($"dashboard over {written / 1000:N0}k MIS facts, p95 of {visits} (ms)", p95, "ms", rawMedian, p95 / 1000),
            new Result($"dashboard over {written / 1000:N0}k MIS facts, p50 of {visits} (ms)", p50, "ms", rawMedian, p50 / 1000),
            new Result($"indicators as of a new date over {written / 1000:N0}k facts, p95 of {visits} (ms)", anyP95, "ms", rawMedian, anyDate.Sum() / 1000),
            new Result("dashboard: MIS history held in memory (MiB)", heldHistory / 1024.0 / 1024.0, "MiB", null, 0)
        ];
    }
}

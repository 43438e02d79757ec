extern alias impact;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using impact::NeemPlatform.Impact.History;
using impact::NeemPlatform.Impact.Indicators;
using impact::NeemPlatform.Impact.Replaying;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NeemPlatform.Lending.Loans;
using NeemPlatform.TestSupport;
using Npgsql;
using Weasel.Core;

namespace NeemPlatform.Benchmarks;

/// <summary>
/// The platform's benchmark command (not part of the test suite):
///   dotnet run -c Release --project tests/NeemPlatform.Benchmarks -- [schedules] [http] [intake] [search] [replay] [dashboard] [feed] [faults] [portal] [startup] [runtime] [apphost] [hop] [--events N] [--visits N] [--warmup S] [--only PAGE] [--mis-facts N] [--platform-db CONNECTION] [--out results.json] [--compare earlier-results.json]
/// Every figure that has a raw-PostgreSQL counterpart is printed with its ratio to the raw figure measured in the
/// same run, on the same server. With no measure named, all run.
/// </summary>
public static class Bench
{
    public static async Task<int> Main(string[] args)
    {
        var outFile = Option(args, "--out") ?? "benchmark-results.json";
        var events = int.Parse(Option(args, "--events") ?? "1000000", CultureInfo.InvariantCulture);
        HttpBench.WarmUp = TimeSpan.FromSeconds(int.Parse(Option(args, "--warmup") ?? "20", CultureInfo.InvariantCulture));
        var chosen = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _) && a != outFile && a != Option(args, "--compare"))
            .ToHashSet();
        bool Run(string name) => name is "faults" or "intake" or "portal" or "startup" or "hop" or "runtime" or "apphost" ? chosen.Contains(name) : chosen.Count == 0 || chosen.Contains(name);
        var results = new List<Result>();
        var noise = new List<double>(Noise.Probe());

        if (Run("schedules"))
        {
            results.Add(Schedules(10_000));
        }

        if (Run("http") || chosen.Contains("intake"))
        {
            results.AddRange(await HttpBench.RunAsync(intakeOnly: !Run("http")));
        }

        if (Run("hop"))
        {
            results.AddRange(await HopBench.RunAsync());
        }

        if (Run("search"))
        {
            results.AddRange(await SearchBench.RunAsync());
        }

        if (Run("portal"))
        {
            if (Option(args, "--mis-facts") is { } misFacts)
            {
                await PortalBench.TopUpMisAsync(int.Parse(misFacts, CultureInfo.InvariantCulture), Option(args, "--platform-db"));
                await PortalBench.LetImpactReadItsHistoryAsync(Option(args, "--participant-url") ?? "http://localhost:5101",
                    Option(args, "--impact-url") ?? "http://localhost:5104");
            }

            results.AddRange(await PortalBench.RunAsync(Option(args, "--portal-url") ?? "http://localhost:5100",
                Option(args, "--participant-url") ?? "http://localhost:5101", Option(args, "--lending-url") ?? "http://localhost:5103",
                Option(args, "--only")));
        }

        if (Run("startup"))
        {
            results.AddRange(await StartupBench.RunAsync());
        }

        if (Run("apphost"))
        {
            results.AddRange(await AppHostBench.RunAsync());
        }

        if (Run("runtime"))
        {
            results.AddRange(await StartupBench.RuntimeAsync());
        }

        if (Run("faults"))
        {
            results.AddRange(await Faults.RunAsync());
        }

        if (Run("replay"))
        {
            results.AddRange(await ReplayAsync(events));
        }

        if (Run("dashboard"))
        {
            results.AddRange(await DashboardBench.RunAsync(events, int.Parse(Option(args, "--visits") ?? "20", CultureInfo.InvariantCulture)));
        }

        if (Run("feed"))
        {
            results.AddRange(await FeedAsync(Math.Min(events, 200_000)));
        }

        noise.AddRange(Noise.Probe());
        results.Add(Noise.Spread(noise));

        Console.WriteLine();
        Console.WriteLine($"{"measure",-52} {"value",14} {"unit",-10} {"raw limit",14} {"ratio",7}");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Measure,-52} {r.Value,14:N0} {r.Unit,-10} {(r.Raw is { } raw ? raw.ToString("N0", CultureInfo.InvariantCulture) : ""),14} {(r.Raw is { } x ? $"{r.Value / x:P0}" : ""),7}"));
        }

        if (Option(args, "--compare") is { } earlierFile)
        {
            Compare(JsonSerializer.Deserialize<List<Result>>(await File.ReadAllTextAsync(earlierFile)) ?? [], results, earlierFile);
        }

        await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"written to {Path.GetFullPath(outFile)}");
        return 0;
    }

    /// <summary>
    /// This run beside an earlier one (<c>--compare earlier.json</c>): each measure both have, with its value then and now and
    /// the change, and its ratio to its own baseline then and now (the ratio is what compares across machines and loads).
    /// </summary>
    private static void Compare(IReadOnlyList<Result> earlier, IReadOnlyList<Result> now, string earlierFile)
    {
        Console.WriteLine();
        Console.WriteLine($"compared with {earlierFile}:");
        Console.WriteLine($"{"measure",-52} {"then",12} {"now",12} {"change",8} {"ratio then",11} {"ratio now",10}");
        foreach (var (before, after) in now.Join(earlier, r => (r.Measure, r.Unit), r => (r.Measure, r.Unit), (a, b) => (b, a)))
        {
            static string Ratio(Result r) => r.Raw is { } raw and > 0 ? (r.Value / raw).ToString("P0", CultureInfo.InvariantCulture) : "";
            var change = before.Value == 0 ? "" : ((after.Value - before.Value) / before.Value).ToString("+0%;-0%;0%", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{after.Measure,-52} {before.Value,12:N0} {after.Value,12:N0} {change,8} {Ratio(before),11} {Ratio(after),10}"));
        }

        foreach (var missing in earlier.Where(e => now.All(n => n.Measure != e.Measure)).Select(e => e.Measure).Take(20))
        {
            Console.WriteLine($"  not measured in this run: {missing}");
        }
    }

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    /// <summary>10 000 loans of every amortisation type, 6–60 months, some with grace, generated and checked five times; the median counts.</summary>
    private static Result Schedules(int loans)
    {
        var terms = Enumerable.Range(0, loans).Select(i => new LoanTerms(5_000m + i * 7.13m, 3m + i % 17, 6 + i % 55, i % 4 == 0 ? 2 : 0,
            i % 4 == 0 ? (i % 8 == 0 ? GraceType.InterestOnly : GraceType.NoPayment) : GraceType.None, Amortisation.All[i % 3], i % 3 * 100m, 25m,
            new DateOnly(2026, 1, 1).AddDays(i % 365))).ToList();
        void RunOnce()
        {
            foreach (var t in terms)
            {
                var schedule = ScheduleCalculator.Generate(t);
                if (schedule.Sum(s => s.PrincipalSek) != t.AmountSek)
                {
                    throw new InvalidOperationException($"principal does not add up for {t}");
                }
            }
        }

        RunOnce();
        var runs = new List<double>();
        for (var r = 0; r < 5; r++)
        {
            var clock = Stopwatch.StartNew();
            RunOnce();
            runs.Add(clock.Elapsed.TotalSeconds);
        }

        runs.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"schedules: {loans} loans; runs {string.Join(" ", runs.Select(x => $"{x * 1000:0} ms"))}"));
        return new Result($"schedules generated ({loans:N0} loans, median of 5)", loans / runs[2], "loans/s", null, runs[2]);
    }

    /// <summary>
    /// Fills an Impact event store with <paramref name="count"/> MIS entries (participants with referral, selection,
    /// group, modules, attendance, loan facts and outcomes), then measures in the same run the raw sequential read of
    /// the event table and the replay of every indicator over it.
    /// </summary>
    private static async Task<IReadOnlyList<Result>> ReplayAsync(int count)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync("benchreplay")) { NoResetOnClose = true }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var store = MisStore(dataSource);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var (written, participant, fillSeconds) = await FillAsync(store, count, "replay");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay: {written:N0} events for {participant:N0} participants written in {fillSeconds:0} s"));

        // Raw limit: read every row of the event table in order, as the replay does, and touch the JSON text.
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var warm = new NpgsqlCommand("select count(*) from impact.mt_events", connection);
            await warm.ExecuteScalarAsync();
        }

        var raw = Stopwatch.StartNew();
        long rows = 0, chars = 0;
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var read = new NpgsqlCommand("select type, data from impact.mt_events order by seq_id", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                chars += reader.GetString(0).Length + reader.GetString(1).Length;
                rows++;
            }
        }

        var rawSeconds = raw.Elapsed.TotalSeconds;
        var rawRate = rows / rawSeconds;
        var replayer = new Replayer(dataSource, store, new Targets(60, 180, 0.8m, 0.85m, 3, 1, 0.2m, 0.3m, 0.6m, 0.7m), TimeProvider.System);
        var replay = await replayer.RunAsync(null, new Progress<ReplayProgress>(p =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay: {p.Events:N0} of {p.Total:N0} ({p.EventsPerSecond:N0}/s)"))), CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replay: raw read {rows:N0} rows ({chars / 1_000_000:N0} M chars) in {rawSeconds:0.0} s; replay {replay.Events:N0} events in {replay.Seconds:0.0} s; " +
            $"participants in network groups {replay.Indicators.Total["participants-in-network-groups"].Value}"));
        return
        [
            new Result("raw sequential read of the event table", rawRate, "rows/s", null, rawSeconds),
            new Result($"MIS replay, every indicator ({replay.Events:N0} events)", replay.EventsPerSecond, "events/s", rawRate, replay.Seconds),
        ];
    }

    /// <summary>Impact's MIS history store, as the service configures it.</summary>
    internal static DocumentStore MisStore(NpgsqlDataSource dataSource) => DocumentStore.For(o =>
    {
        o.Connection(dataSource);
        o.DatabaseSchemaName = "impact";
        o.Events.DatabaseSchemaName = "impact";
        o.Events.StreamIdentity = StreamIdentity.AsGuid;
        o.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        o.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        o.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        o.ConfigureHistory();
    });

    /// <summary>Writes <paramref name="count"/> MIS entries, forty participants' journeys per transaction.</summary>
    internal static async Task<(int Written, int Participants, double Seconds)> FillAsync(IDocumentStore store, int count, string label)
    {
        var fill = Stopwatch.StartNew();
        var written = 0;
        var participant = 0;
        var at = DateTimeOffset.UtcNow;
        while (written < count)
        {
            await using var session = store.LightweightSession();
            for (var p = 0; p < 40 && written < count; p++, participant++)
            {
                var entries = Journey(participant, at).Take(count - written).ToArray();
                session.Events.StartStream(entries[0].ParticipantId, entries);
                written += entries.Length;
            }

            await session.SaveChangesAsync();
            if (written % 100_000 < 1_000)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: written {written:N0} MIS events ({written / fill.Elapsed.TotalSeconds:N0}/s)"));
            }
        }

        return (written, participant, fill.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The anonymous MIS feed read from position 0 to the end in pages of 1 000, through the Impact service in-process (feed
    /// key, per-consumer pseudonyms, JSON), against the raw limit: the same pages straight from the event table in one connection.
    /// </summary>
    private static async Task<IReadOnlyList<Result>> FeedAsync(int count)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync("benchfeed")) { NoResetOnClose = true }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var host = await Alba.AlbaHost.For<impact::Program>(InProcessServices.Configure(connectionString));
        // Written through the service's own store, exactly as its recording writes them.
        var (written, _, seconds) = await FillAsync(host.Services.GetRequiredService<IDocumentStore>(), count, "feed");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"feed: {written:N0} MIS events written in {seconds:0} s"));

        async Task<(long Rows, double Seconds)> RawAsync()
        {
            var clock = Stopwatch.StartNew();
            long rows = 0, after = 0;
            await using var connection = await dataSource.OpenConnectionAsync();
            while (true)
            {
                await using var page = new NpgsqlCommand("select seq_id, type, data from impact.mt_events where seq_id > $1 order by seq_id limit 1000", connection)
                {
                    Parameters = { new NpgsqlParameter { Value = after } }
                };
                await using var reader = await page.ExecuteReaderAsync();
                var n = 0;
                while (await reader.ReadAsync())
                {
                    after = reader.GetInt64(0);
                    _ = reader.GetString(1).Length + reader.GetString(2).Length;
                    n++;
                }

                rows += n;
                if (n < 1000)
                {
                    return (rows, clock.Elapsed.TotalSeconds);
                }
            }
        }

        async Task<(long Facts, double Seconds)> FeedAsync()
        {
            var clock = Stopwatch.StartNew();
            using var http = host.Server.CreateClient();
            http.DefaultRequestHeaders.Add("X-Feed-Key", InProcessServices.FeedKey);
            long facts = 0, after = 0;
            while (true)
            {
                using var page = System.Text.Json.JsonDocument.Parse(await http.GetByteArrayAsync($"/api/mis/feed?after={after}&limit=1000"));
                facts += page.RootElement.GetProperty("facts").GetArrayLength();
                after = page.RootElement.GetProperty("lastPosition").GetInt64();
                if (!page.RootElement.GetProperty("hasMore").GetBoolean())
                {
                    return (facts, clock.Elapsed.TotalSeconds);
                }
            }
        }

        // The same pages read through the service's event store, deserialised, without anonymising or HTTP: where the time goes.
        async Task<(long Events, double Seconds)> StoreAsync()
        {
            var clock = Stopwatch.StartNew();
            long read = 0, after = 0;
            await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
            while (true)
            {
                var page = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(1000).ToListAsync();
                read += page.Count;
                if (page.Count < 1000)
                {
                    return (read, clock.Elapsed.TotalSeconds);
                }

                after = page[^1].Sequence;
            }
        }

        await RawAsync(); // warm every path once
        await StoreAsync();
        await FeedAsync();
        // Three alternating rounds, the median of each: one read of 200 000 rows takes about a second, and a shared machine moves that.
        var raws = new List<(long Rows, double Seconds)>();
        var stores = new List<(long Events, double Seconds)>();
        var feeds = new List<(long Facts, double Seconds)>();
        for (var round = 0; round < 3; round++)
        {
            raws.Add(await RawAsync());
            stores.Add(await StoreAsync());
            feeds.Add(await FeedAsync());
        }

        var raw = raws.OrderBy(r => r.Seconds).ElementAt(1);
        var stored = stores.OrderBy(r => r.Seconds).ElementAt(1);
        var feed = feeds.OrderBy(r => r.Seconds).ElementAt(1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feed: raw pages {raw.Rows:N0} rows in {string.Join("/", raws.Select(r => r.Seconds.ToString("0.00", CultureInfo.InvariantCulture)))} s; " +
            $"the store's pages {string.Join("/", stores.Select(r => r.Seconds.ToString("0.00", CultureInfo.InvariantCulture)))} s; " +
            $"feed {feed.Facts:N0} facts in {string.Join("/", feeds.Select(r => r.Seconds.ToString("0.00", CultureInfo.InvariantCulture)))} s"));
        return
        [
            new Result("raw paged read of the event table (1 000 a page)", raw.Rows / raw.Seconds, "rows/s", null, raw.Seconds),
            new Result("the same pages through the event store (deserialised)", stored.Events / stored.Seconds, "events/s", raw.Rows / raw.Seconds, stored.Seconds),
            new Result($"MIS feed, anonymous JSON pages of 1 000 ({feed.Facts:N0} facts)", feed.Facts / feed.Seconds, "facts/s", raw.Rows / raw.Seconds, feed.Seconds),
        ];
    }

    /// <summary>About fifty entries of one participant's journey.</summary>
    private static IEnumerable<IMisEntry> Journey(int n, DateTimeOffset at)
    {
        var id = Guid.CreateVersion7();
        var region = "stockholm";
        var start = new DateOnly(2024, 1, 1).AddDays(n % 700);
        var attributes = new MisAttributes(n % 10 < 8 ? "female" : "male", n % 20 < 17, "30-39", "newly-arrived", "partner-referral", "secondary");
        yield return new ReferralRecorded(id, Guid.NewGuid(), region, Guid.NewGuid(), Guid.NewGuid(), "partner-referral", start, attributes, at, at);
        yield return new SelectionRecorded(id, Guid.NewGuid(), region, start.AddDays(20), at, at, attributes);
        yield return new NetworkGroupJoinRecorded(id, Guid.NewGuid(), region, Guid.NewGuid(), start.AddDays(21), attributes, at, at);
        yield return new EnrolmentRecorded(id, Guid.NewGuid(), region, start.AddDays(21), at, at);
        for (var m = 1; m <= 8; m++)
        {
            yield return new ModuleApprovalRecorded(id, Guid.NewGuid(), region, $"module-{m}", m, 8, start.AddDays(21 + m * 10), at, at);
        }

        for (var s = 0; s < 28; s++)
        {
            yield return new AttendanceEntryRecorded(id, Guid.NewGuid(), region, Guid.NewGuid(), "group", start.AddDays(22 + s * 3), s % 9 == 0 ? "absent" : "present", 3m, at, at);
        }

        yield return new CoachingCompletionRecorded(id, Guid.NewGuid(), region, start.AddDays(110), 8, at, at);
        yield return new PlanApprovalRecorded(id, Guid.NewGuid(), region, 60_000m, 5_000m, start.AddDays(112), at, at);
        yield return new CreditFileRecorded(id, Guid.NewGuid(), region, 60_000m, start.AddDays(112), at, at);
        var loan = Guid.NewGuid();
        yield return new LoanFactRecorded(id, Guid.NewGuid(), region, "disbursed", loan, 50_000m, start.AddDays(120), "olle", at, at);
        for (var r = 1; r <= 4; r++)
        {
            yield return new LoanFactRecorded(id, Guid.NewGuid(), region, "repayment", loan, 4_500m, start.AddDays(120 + r * 30), null, at, at,
                50_000m - r * 4_000m, r, n % 4 == 0 ? r - 1 : r);
        }

        yield return new NextStepRecorded(id, Guid.NewGuid(), region, n % 4 == 0 ? "started-company" : "employment", start.AddDays(200), null, null, n % 50 == 0,
            attributes, at, at);
        yield return new LeavingRecorded(id, Guid.NewGuid(), region, "employment", start.AddDays(240), at, at, "completed", attributes);
    }
}

internal sealed record Result(string Measure, double Value, string Unit, double? Raw, double Seconds);

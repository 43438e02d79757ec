using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NeemPlatform.Contracts;
using NeemPlatform.Impact.National;
using NeemPlatform.TestSupport;
using Wolverine;

namespace NeemPlatform.Impact.Tests;

/// <summary>The national view's feed key at every region (tests only).</summary>
internal static class FeedKeys
{
    public const string National = "national-view-feed-key-for-the-tests-0123456789";
    public const string Researcher = "researcher-feed-key-for-the-tests-0123456789abc";
}

/// <summary>A regional Impact instance whose feed the national view and a researcher may read.</summary>
public abstract class RegionalImpact : ServiceFixture<Program>
{
    public override string Service => "impact";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Neem:Impact:FeedConsumers:national"] = FeedKeys.National,
        ["Neem:Impact:FeedConsumers:researcher"] = FeedKeys.Researcher
    };

    /// <summary>Records facts through the instance's own handlers (Wolverine's pipeline with its transaction), in order.</summary>
    public async Task RecordAsync(IEnumerable<object> facts)
    {
        foreach (var fact in facts)
        {
            using var scope = Host.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(fact);
        }
    }
}

public sealed class StockholmImpact : RegionalImpact;

public sealed class VasterasImpact : RegionalImpact
{
    public override string Region => "vasteras";
}

public sealed class OrebroImpact : RegionalImpact
{
    public override string Region => "orebro";
}

/// <summary>The national view: an Impact instance with <c>Neem:Region=national</c> that reads the three regions' feeds.</summary>
public sealed class NationalImpact : ServiceFixture<Program>
{
    public InProcessNetwork Network { get; } = new();

    public override string Service => "impact";

    public override string Region => "national";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Neem:National:Regions:stockholm:Url"] = "http://stockholm.regions/",
        ["Neem:National:Regions:stockholm:Key"] = FeedKeys.National,
        ["Neem:National:Regions:vasteras:Url"] = "http://vasteras.regions/",
        ["Neem:National:Regions:vasteras:Key"] = FeedKeys.National,
        ["Neem:National:Regions:orebro:Url"] = "http://orebro.regions/",
        ["Neem:National:Regions:orebro:Key"] = FeedKeys.National,
        ["Neem:National:PullOnSchedule"] = "false", // the test pulls when it wants to
        ["Neem:National:PageSize"] = "7"
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient(NationalFeeds.HttpClientName).ConfigurePrimaryHttpMessageHandler(Network.Handler);

    public Task<IReadOnlyList<PullResult>> PullAsync() => Host.Services.GetRequiredService<NationalFeeds>().PullAllAsync(CancellationToken.None);
}

public sealed class Programme : IAsyncLifetime
{
    public StockholmImpact Stockholm { get; } = new();
    public VasterasImpact Vasteras { get; } = new();
    public OrebroImpact Orebro { get; } = new();
    public NationalImpact National { get; } = new();

    public IEnumerable<RegionalImpact> Regions => [Stockholm, Vasteras, Orebro];

    public void Connect(RegionalImpact region) => National.Network.Up(region.Region, () => region.Host.Server.CreateHandler());

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Regions.Select(r => r.InitializeAsync()).Append(National.InitializeAsync()));
        foreach (var region in Regions)
        {
            Connect(region);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var service in Regions.Cast<IAsyncLifetime>().Append(National))
        {
            await service.DisposeAsync();
        }
    }
}

public class the_national_view(Programme programme) : IClassFixture<Programme>
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;

    /// <summary>A region's programme: participants who join groups, some take next steps, found enterprises, borrow, leave, are erased.</summary>
    private static List<object> Participants(string region, int count, int seed, List<Guid> ids)
    {
        var random = new Random(seed);
        var facts = new List<object>();
        var sharedEnterprise = Guid.NewGuid();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            var gender = random.Next(10) < 8 ? "female" : "male";
            var foreign = random.Next(10) < 9;
            var joined = new DateOnly(2025, 1 + random.Next(12), 1 + random.Next(28));
            facts.Add(new ParticipantReferred(Guid.NewGuid(), id, region, Guid.NewGuid(), Guid.NewGuid(), "partner-referral", true, joined.AddDays(-20),
                gender, foreign, "30-39", "newly-arrived", "partner-referral", At));
            facts.Add(new ParticipantSelected(Guid.NewGuid(), id, region, joined.AddDays(-5), At, gender, foreign, "30-39", "newly-arrived", "partner-referral"));
            facts.Add(new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), id, region, Guid.NewGuid(), joined, gender, foreign, "30-39", "newly-arrived",
                "partner-referral", At, "secondary"));
            switch (random.Next(5))
            {
                case 0:
                    facts.Add(new ParticipantOutcomeRecorded(Guid.NewGuid(), id, region, "started-company", joined.AddMonths(4), "economic-association",
                        joined.AddMonths(4), true, gender, foreign, "30-39", "newly-arrived", "partner-referral", At, i % 2 == 0 ? sharedEnterprise : Guid.NewGuid()));
                    break;
                case 1:
                    facts.Add(new ParticipantOutcomeRecorded(Guid.NewGuid(), id, region, "employment", joined.AddMonths(3), null, null, false, gender, foreign,
                        "30-39", "newly-arrived", "partner-referral", At));
                    facts.Add(new ParticipantLeftProgramme(Guid.NewGuid(), id, region, "employment", joined.AddMonths(5), At, "completed", gender, foreign,
                        "30-39", "newly-arrived", "partner-referral", "secondary"));
                    facts.Add(new ParticipantFollowedUp(Guid.NewGuid(), id, region, "six-months", "employment", joined.AddMonths(11), At));
                    break;
                case 2:
                    var loan = Guid.NewGuid();
                    facts.Add(new LoanDisbursed(Guid.NewGuid(), loan, id, region, 20_000m + random.Next(100) * 100.55m, 12, joined.AddMonths(3),
                        joined.AddMonths(2), "olle.officer", At));
                    facts.Add(new RepaymentReceived(Guid.NewGuid(), loan, id, region, 1_800m, joined.AddMonths(3), 18_500.25m, At, 1, 1));
                    break;
                case 3:
                    facts.Add(new ParticipantProfileChanged(Guid.NewGuid(), id, region, joined.AddMonths(1), "female", true, "30-39", "newly-arrived",
                        "partner-referral", "tertiary", At));
                    break;
                default:
                    facts.Add(new ParticipantErased(Guid.NewGuid(), id, region, joined.AddMonths(6), At));
                    break;
            }
        }

        return facts;
    }

    private static async Task<JsonElement> IndicatorsAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/api/indicators?asOf=2026-12-31");

    private static Dictionary<string, (decimal N, decimal D)> Parts(JsonElement set) =>
        set.GetProperty("indicators").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!,
            i => (i.GetProperty("numerator").GetDecimal(), i.GetProperty("denominator").GetDecimal()));

    private async Task AssertNationalIsTheSumOfTheRegionsAsync()
    {
        var national = await IndicatorsAsync(programme.National.StaffClient("region-manager"));
        var total = Parts(national.GetProperty("total"));
        var regional = new Dictionary<string, Dictionary<string, (decimal N, decimal D)>>();
        foreach (var region in programme.Regions)
        {
            regional[region.Region] = Parts((await IndicatorsAsync(region.StaffClient("region-manager"))).GetProperty("total"));
            var asSeenNationally = Parts(national.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("scope").GetString() == region.Region));
            Assert.Equal(regional[region.Region], asSeenNationally);
        }

        foreach (var (key, (n, d)) in total)
        {
            Assert.True(regional.Values.Sum(r => r[key].N) == n, $"{key}: national numerator {n}, regions {string.Join(" + ", regional.Values.Select(r => r[key].N))}");
            // A count's denominator is 1 in every scope; a share's is the sum of the regions'.
            var expected = regional.Values.All(r => r[key].D == 1) ? 1 : regional.Values.Sum(r => r[key].D);
            Assert.True(expected == d, $"{key}: national denominator {d}, regions {string.Join(" + ", regional.Values.Select(r => r[key].D))}");
        }
    }

    [Fact]
    public async Task a_participants_follow_up_answers_reach_the_national_view_as_anonymous_facts()
    {
        var id = Guid.NewGuid();
        var joined = new DateOnly(2025, 3, 3);
        const string answersLike = "%\"financiers\": [\"nyforetagarcentrum\"]%";
        var nationalBefore = await TransportTables.CountAsync(programme.National.ConnectionString,
            $"select count(*) from impact.mt_events where data::text like '{answersLike}'");
        var financedBefore = Parts((await IndicatorsAsync(programme.National.StaffClient("steering-group"))).GetProperty("total"))["financed-outside-programme"].N;
        await programme.Orebro.RecordAsync(
        [
            new ParticipantReferred(Guid.NewGuid(), id, "orebro", Guid.NewGuid(), Guid.NewGuid(), "partner-referral", true, joined, "female", true, "30-39",
                "newly-arrived", "partner-referral", At),
            new ParticipantLeftProgramme(Guid.NewGuid(), id, "orebro", "started-company", joined.AddMonths(6), At, "completed", "female", true, "30-39",
                "newly-arrived", "partner-referral", "secondary"),
            new ParticipantFollowedUp(Guid.NewGuid(), id, "orebro", "six-months", "own-company", joined.AddMonths(12), At,
                new FollowUpAnswers(1, CompanyTrading: true, Turnover: "100k-500k", OutsideFinancing: true, Financiers: ["nyforetagarcentrum"], SelfAssessment: 5),
                FollowUpAnswerers.Participant)
        ]);

        var pulled = await programme.National.PullAsync();

        Assert.Null(pulled.Single(r => r.Region == "orebro").Error);
        Assert.Equal(nationalBefore + 1, await TransportTables.CountAsync(programme.National.ConnectionString,
            $"select count(*) from impact.mt_events where data::text like '{answersLike}' and data::text like '%100k-500k%'"));
        Assert.Equal(0, await TransportTables.CountAsync(programme.National.ConnectionString,
            $"select count(*) from impact.mt_events where stream_id = '{id}' or data::text like '%{id}%'"));
        Assert.Equal(financedBefore + 1,
            Parts((await IndicatorsAsync(programme.National.StaffClient("steering-group"))).GetProperty("total"))["financed-outside-programme"].N);
    }

    private async Task<long> EventsAsync(ServiceFixture<Program> service) =>
        await TransportTables.CountAsync(service.ConnectionString, "select count(*) from impact.mt_events");

    [Fact]
    public async Task sums_the_regions_exactly_and_catches_up_after_a_region_went_down_in_the_middle_of_a_pull_with_nothing_counted_twice()
    {
        var ids = new List<Guid>();
        await programme.Stockholm.RecordAsync(Participants("stockholm", 14, 1, ids));
        await programme.Vasteras.RecordAsync(Participants("vasteras", 9, 2, ids));
        await programme.Orebro.RecordAsync(Participants("orebro", 6, 3, ids));

        var first = await programme.National.PullAsync();
        Assert.All(first, r => Assert.Null(r.Error));
        Assert.True(first.Single(r => r.Region == "stockholm").Pages > 2, "a region's feed is read over several pages");
        await AssertNationalIsTheSumOfTheRegionsAsync();
        Assert.Equal(await EventsAsync(programme.Stockholm) + await EventsAsync(programme.Vasteras) + await EventsAsync(programme.Orebro),
            await EventsAsync(programme.National));

        // The national figures are held to the national targets, each region's to the regional ones, and they say how far each feed was read.
        var national = await IndicatorsAsync(programme.National.StaffClient("region-manager"));
        Assert.Equal("national", national.GetProperty("totalTargets").GetString());
        Assert.Equal(180m, Target(national.GetProperty("total"), "participants-in-network-groups"));
        Assert.All(national.GetProperty("regions").EnumerateArray(), r => Assert.Equal(60m, Target(r, "participants-in-network-groups")));
        // Each region's figures carry the programme's target beside its own; the programme's total has none beside it.
        Assert.All(national.GetProperty("regions").EnumerateArray(), r => Assert.Equal(180m, r.GetProperty("indicators").EnumerateArray()
            .Single(i => i.GetProperty("key").GetString() == "participants-in-network-groups").GetProperty("programmeTarget").GetProperty("min").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, national.GetProperty("total").GetProperty("indicators").EnumerateArray()
            .Single(i => i.GetProperty("key").GetString() == "social-enterprises-started").GetProperty("programmeTarget").ValueKind);
        var regional = (await IndicatorsAsync(programme.Stockholm.StaffClient("region-manager"))).GetProperty("total").GetProperty("indicators").EnumerateArray()
            .Single(i => i.GetProperty("key").GetString() == "social-enterprises-started");
        Assert.Equal((1m, 3m), (regional.GetProperty("target").GetProperty("min").GetDecimal(), regional.GetProperty("programmeTarget").GetProperty("min").GetDecimal()));
        Assert.Equal(["orebro", "stockholm", "vasteras"], national.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("region").GetString()).Order());
        Assert.Equal("regional", (await IndicatorsAsync(programme.Stockholm.StaffClient("region-manager"))).GetProperty("totalTargets").GetString());

        // No participant id of any region reaches the national view.
        Assert.Equal(0, await TransportTables.CountAsync(programme.National.ConnectionString,
            $"select count(*) from impact.mt_events where stream_id = any(array[{string.Join(",", ids.Select(i => $"'{i}'::uuid"))}]) " +
            $"or data::text like '%olle.officer%' or {string.Join(" or ", ids.Take(20).Select(i => $"data::text like '%{i}%'"))}"));

        // More facts everywhere; Västerås goes down after answering the first page of this pull.
        await programme.Stockholm.RecordAsync(Participants("stockholm", 5, 4, ids));
        await programme.Vasteras.RecordAsync(Participants("vasteras", 7, 5, ids));
        await programme.Orebro.RecordAsync(Participants("orebro", 3, 6, ids));
        programme.National.Network.AfterAnswer = region =>
        {
            if (region == "vasteras")
            {
                programme.National.Network.Down("vasteras");
            }
        };
        var during = await programme.National.PullAsync();
        programme.National.Network.AfterAnswer = null;
        await programme.Vasteras.StopAsync();

        var failed = during.Single(r => r.Region == "vasteras");
        Assert.NotNull(failed.Error);
        Assert.Equal(1, failed.Pages); // the page it answered was applied with its checkpoint
        Assert.All(during.Where(r => r.Region != "vasteras"), r => Assert.Null(r.Error));
        var statusWhileDown = (await IndicatorsAsync(programme.National.StaffClient("region-manager"))).GetProperty("sources").EnumerateArray()
            .Single(s => s.GetProperty("region").GetString() == "vasteras");
        Assert.Contains("refused", statusWhileDown.GetProperty("lastError").GetString());
        // The totals say they lack a region: Västerås is behind, the regions that answered are not.
        var sourcesWhileDown = (await IndicatorsAsync(programme.National.StaffClient("steering-group"))).GetProperty("sources").EnumerateArray()
            .ToDictionary(s => s.GetProperty("region").GetString()!, s => s.GetProperty("behind").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["orebro"] = false, ["stockholm"] = false, ["vasteras"] = true }, sourcesWhileDown);

        // A pull while it is down changes nothing and loses nothing.
        var whileDown = await programme.National.PullAsync();
        Assert.Equal(0, whileDown.Single(r => r.Region == "vasteras").FactsApplied);

        // Västerås comes back on its own database: the national view catches up from its checkpoint.
        await programme.Vasteras.StartAgainAsync();
        programme.Connect(programme.Vasteras);
        var after = await programme.National.PullAsync();
        Assert.All(after, r => Assert.Null(r.Error));
        Assert.All((await IndicatorsAsync(programme.National.StaffClient("steering-group"))).GetProperty("sources").EnumerateArray(),
            s => Assert.False(s.GetProperty("behind").GetBoolean()));
        Assert.Equal(0, after.Single(r => r.Region == "vasteras").FactsAlreadyKnown);
        await AssertNationalIsTheSumOfTheRegionsAsync();
        Assert.Equal(await EventsAsync(programme.Stockholm) + await EventsAsync(programme.Vasteras) + await EventsAsync(programme.Orebro),
            await EventsAsync(programme.National));

        // Reading a region's whole feed again (a lost checkpoint, a region restored from a backup) applies nothing twice.
        await using (var db = new Npgsql.NpgsqlConnection(programme.National.ConnectionString))
        {
            await db.OpenAsync();
            await using var reset = new Npgsql.NpgsqlCommand("update impact.mt_doc_feedcheckpoint set data = jsonb_set(data, '{position}', '0') where id = 'orebro'", db);
            Assert.Equal(1, await reset.ExecuteNonQueryAsync());
        }

        var again = (await programme.National.PullAsync()).Single(r => r.Region == "orebro");
        Assert.Equal(0, again.FactsApplied);
        Assert.True(again.FactsAlreadyKnown > 0);
        await AssertNationalIsTheSumOfTheRegionsAsync();

        // A national replay from the stored facts gives the live national values.
        var researcher = programme.National.StaffClient("researcher");
        var started = await researcher.PostAsJsonAsync("/api/replays", new { });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        JsonElement run = default;
        await Eventually.ReturnsAsync(async () =>
        {
            run = await researcher.GetFromJsonAsync<JsonElement>(started.Headers.Location!.OriginalString);
            return (long?)(run.GetProperty("status").GetString() == "running" ? 0 : 1);
        }, done => done == 1, TimeSpan.FromSeconds(60), "the national replay finished");
        Assert.True(run.GetProperty("result").GetProperty("matchesLive").GetBoolean(), run.ToString());
    }

    private static decimal Target(JsonElement set, string key) =>
        set.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("key").GetString() == key).GetProperty("target").GetProperty("min").GetDecimal();

    [Fact]
    public async Task a_region_feed_is_anonymous_per_consumer_ordered_paged_and_only_for_feed_credentials()
    {
        var ids = new List<Guid>();
        await programme.Orebro.RecordAsync(Participants("orebro", 4, 7, ids));
        var http = programme.Orebro.Host.Server.CreateClient();

        async Task<HttpResponseMessage> FeedAsync(string? key, string query = "", string accept = "application/json")
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/mis/feed" + query);
            if (key is not null)
            {
                request.Headers.Add("X-Feed-Key", key);
            }

            request.Headers.Accept.ParseAdd(accept);
            return await http.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await FeedAsync(null)).StatusCode);
        // A client that asked for NDJSON (or CSV) still gets its errors as problem+json.
        var refusedNdjson = await FeedAsync(null, accept: "application/x-ndjson");
        Assert.Equal((HttpStatusCode.Unauthorized, "application/problem+json"), (refusedNdjson.StatusCode, refusedNdjson.Content.Headers.ContentType?.MediaType));
        var csv = new HttpRequestMessage(HttpMethod.Get, "/api/reports/participants.csv?from=2026-13-01&to=2026-01-01");
        csv.Headers.Accept.ParseAdd("text/csv");
        var refusedCsv = await programme.Orebro.StaffClient("region-manager").SendAsync(csv);
        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (refusedCsv.StatusCode, refusedCsv.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.Unauthorized, (await FeedAsync("not-a-key-of-any-consumer-0123456789abcdefgh")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await programme.Orebro.StaffClient("researcher").GetAsync("/api/mis/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await programme.Orebro.StaffClient("mis-feed", subject: "national").GetAsync("/api/mis/feed")).StatusCode);
        var bad = await FeedAsync(FeedKeys.Researcher, "?after=-1&limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["after", "limit"], (await bad.ReadProblemAsync()).ErrorFields());

        var national = await (await FeedAsync(FeedKeys.National, "?limit=1000")).Content.ReadFromJsonAsync<JsonElement>();
        var researcher = await (await FeedAsync(FeedKeys.Researcher, "?limit=1000")).Content.ReadFromJsonAsync<JsonElement>();
        var text = national.ToString() + researcher.ToString();
        Assert.All(ids, id => Assert.DoesNotContain(id.ToString(), text, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("olle.officer", text);

        var nationalFacts = national.GetProperty("facts").EnumerateArray().ToList();
        var researcherFacts = researcher.GetProperty("facts").EnumerateArray().ToList();
        Assert.Equal(nationalFacts.Select(f => f.GetProperty("position").GetInt64()), researcherFacts.Select(f => f.GetProperty("position").GetInt64()));
        Assert.True(nationalFacts.Select(f => f.GetProperty("position").GetInt64()).SequenceEqual(nationalFacts.Select(f => f.GetProperty("position").GetInt64()).Order()));
        // The same participant keeps one pseudonym within a consumer's feed; the two consumers' pseudonyms never meet.
        var participants = await TransportTables.CountAsync(programme.Orebro.ConnectionString, "select count(distinct stream_id) from impact.mt_events");
        Assert.Equal(participants, nationalFacts.Select(f => f.GetProperty("participant").GetString()).Distinct().Count());
        Assert.Equal(participants, researcherFacts.Select(f => f.GetProperty("participant").GetString()).Distinct().Count());
        Assert.Empty(nationalFacts.Select(f => f.GetProperty("participant").GetString()).Intersect(researcherFacts.Select(f => f.GetProperty("participant").GetString())));
        // A machine token whose subject spells a key consumer's name is another consumer: its pseudonyms never meet the key's.
        var byToken = await programme.Orebro.StaffClient("mis-feed", subject: "national").GetFromJsonAsync<JsonElement>("/api/mis/feed?limit=1000");
        Assert.Empty(byToken.GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("participant").GetString())
            .Intersect(nationalFacts.Select(f => f.GetProperty("participant").GetString())));
        // Every instant in the feed is to the whole minute: no seconds, no fractions beside her age band and municipality.
        var instants = nationalFacts.SelectMany(f => f.GetProperty("fact").EnumerateObject().Where(m => m.Name.EndsWith("At", StringComparison.Ordinal))
                .Select(m => m.Value.GetDateTimeOffset()).Append(f.GetProperty("recordedAt").GetDateTimeOffset())).ToList();
        Assert.NotEmpty(instants);
        Assert.All(instants, at => Assert.Equal(0, at.Ticks % TimeSpan.TicksPerMinute));

        // Paged: NDJSON of two facts at a time, the next page after the last position, until none is left.
        var seen = new List<long>();
        var next = "?after=0&limit=2";
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await FeedAsync(FeedKeys.National, next.Replace("/api/mis/feed", "", StringComparison.Ordinal), "application/x-ndjson");
            Assert.Equal("application/x-ndjson", page.Content.Headers.ContentType!.MediaType);
            var lines = (await page.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            seen.AddRange(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("position").GetInt64()));
            if (page.Headers.GetValues("X-Feed-Has-More").Single() == "false")
            {
                break;
            }

            next = page.Headers.GetValues("Link").Single().Split('>')[0].TrimStart('<');
        }

        Assert.Equal(nationalFacts.Select(f => f.GetProperty("position").GetInt64()), seen);
    }

    [Fact]
    public async Task an_administrator_registers_a_feed_consumer_whose_key_is_shown_once_reads_with_its_own_pseudonyms_and_is_refused_once_revoked()
    {
        var ids = new List<Guid>();
        await programme.Stockholm.RecordAsync(Participants("stockholm", 3, 11, ids));
        var admin = programme.Stockholm.StaffClient("administrator", subject: "anna.admin");
        var http = programme.Stockholm.Host.Server.CreateClient();
        async Task<HttpResponseMessage> FeedAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/mis/feed?limit=1000");
            request.Headers.Add("X-Feed-Key", key);
            return await http.SendAsync(request);
        }

        var created = await admin.PostAsJsonAsync("/api/feed-consumers", new { name = "  Uppsala follow-up study ", purpose = "Replays for the follow-up study" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var consumer = await created.Content.ReadFromJsonAsync<JsonElement>();
        var key = consumer.GetProperty("key").GetString()!;
        Assert.Equal("Uppsala follow-up study", consumer.GetProperty("name").GetString());
        Assert.StartsWith(consumer.GetProperty("keyStart").GetString()!, key);
        // Shown once: the list has no key, and the database holds only its hash.
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/feed-consumers");
        Assert.DoesNotContain(key, listed.ToString());
        // Never read yet: no last read (not a date at the start of time).
        Assert.Equal(JsonValueKind.Null, listed.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Uppsala follow-up study")
            .GetProperty("lastReadAt").ValueKind);
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("name").GetString() == "national" && c.GetProperty("source").GetString() == "configuration");
        Assert.Equal(0, await TransportTables.CountAsync(programme.Stockholm.ConnectionString, $"select count(*) from impact.mt_doc_feedconsumer where data::text like '%{key}%'"));
        // A name differing only in case or spaces, or a configured consumer's name in capitals, is refused: no second key.
        foreach (var name in new[] { "UPPSALA FOLLOW-UP STUDY", "National" })
        {
            var again = await admin.PostAsJsonAsync("/api/feed-consumers", new { name, purpose = "again" });
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/feed-consumers", new { name = " ", purpose = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await programme.Stockholm.StaffClient("region-manager").PostAsJsonAsync("/api/feed-consumers",
            new { name = "Another", purpose = "p" })).StatusCode);

        // Its key reads the feed with pseudonyms of its own: never the national view's, never a region id.
        var mine = await (await FeedAsync(key)).Content.ReadFromJsonAsync<JsonElement>();
        var national = await (await FeedAsync(FeedKeys.National)).Content.ReadFromJsonAsync<JsonElement>();
        var pseudonyms = mine.GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("participant").GetString()).ToHashSet();
        Assert.NotEmpty(pseudonyms);
        Assert.Empty(pseudonyms.Intersect(national.GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("participant").GetString())));
        Assert.All(ids, id => Assert.DoesNotContain(id.ToString(), mine.ToString(), StringComparison.OrdinalIgnoreCase));

        // The data-protection officer sees who read the feed today, by name, with the facts read.
        var reads = await programme.Stockholm.StaffClient("data-protection-officer").GetFromJsonAsync<JsonElement>("/api/audit/feed-reads");
        var row = reads.GetProperty("reads").EnumerateArray().Single(r => r.GetProperty("consumerName").GetString() == "Uppsala follow-up study");
        Assert.Equal(1, row.GetProperty("pages").GetInt32());
        Assert.Equal(mine.GetProperty("facts").GetArrayLength(), row.GetProperty("facts").GetInt64());
        Assert.Contains(reads.GetProperty("reads").EnumerateArray(), r => r.GetProperty("consumer").GetString() == "national");
        var afterRead = (await admin.GetFromJsonAsync<JsonElement>("/api/feed-consumers")).EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "Uppsala follow-up study");
        Assert.Equal(row.GetProperty("lastAt").GetDateTimeOffset(), afterRead.GetProperty("lastReadAt").GetDateTimeOffset());

        // Revoked: refused from the next request; revoking again changes nothing; the name may then be registered anew.
        var id = consumer.GetProperty("id").GetString();
        var revoked = await admin.PostAsync($"/api/feed-consumers/{id}/revoke", null);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var revokedAt = (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revokedAt").GetDateTimeOffset();
        Assert.Equal(HttpStatusCode.Unauthorized, (await FeedAsync(key)).StatusCode);
        var twice = await (await admin.PostAsync($"/api/feed-consumers/{id}/revoke", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(revokedAt, twice.GetProperty("revokedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/feed-consumers/{Guid.NewGuid()}/revoke", null)).StatusCode);
        var renewed = await admin.PostAsJsonAsync("/api/feed-consumers", new { name = "Uppsala follow-up study", purpose = "A new key" });
        Assert.Equal(HttpStatusCode.Created, renewed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await FeedAsync(key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FeedAsync((await renewed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!)).StatusCode);
    }
}

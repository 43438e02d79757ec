using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NeemPlatform.PartnerGateway;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

public sealed class VasterasParticipants : ParticipantService
{
    public override string Region => "vasteras";
}

public sealed class OrebroParticipants : ParticipantService
{
    public override string Region => "orebro";
}

/// <summary>The three regional Participant services and a partner with national reach registered at each.</summary>
public sealed class ThreeRegions : IAsyncLifetime
{
    public ParticipantService Stockholm { get; } = new();
    public VasterasParticipants Vasteras { get; } = new();
    public OrebroParticipants Orebro { get; } = new();
    public InProcessNetwork Network { get; } = new();

    public IEnumerable<ParticipantService> All => [Stockholm, Vasteras, Orebro];

    /// <summary>The national partner's own client at each region (to look at what the region holds).</summary>
    public Dictionary<string, HttpClient> RegionalPartner { get; } = new();

    public Dictionary<string, string> RegionalKey { get; } = new();

    public async Task InitializeAsync()
    {
        await Task.WhenAll(All.Select(r => r.InitializeAsync()));
        foreach (var region in All)
        {
            var (_, client, _) = await region.PartnerAsync("Arbetsförmedlingen (nationellt)");
            RegionalPartner[region.Region] = client;
            RegionalKey[region.Region] = client.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
            Network.Up(region.Region, () => region.Host.Server.CreateHandler());
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var region in All)
        {
            await region.DisposeAsync();
        }
    }
}

public class the_national_partner_address(ThreeRegions regions) : IClassFixture<ThreeRegions>
{
    private const string NationalKey = "arbetsformedlingen-national-key-0123456789abcdef";

    private async Task<(IAlbaHost Gateway, CapturedLogs Logs)> GatewayAsync()
    {
        var logs = new CapturedLogs();
        var gateway = await AlbaHost.For<GatewayOptions>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Neem:Region", "national");
            foreach (var region in regions.All)
            {
                builder.UseSetting($"Neem:Gateway:Regions:{region.Region}:Url", $"http://{region.Region}.regions/");
                builder.UseSetting($"Neem:Gateway:Partners:arbetsformedlingen:Credentials:{region.Region}", regions.RegionalKey[region.Region]);
            }

            builder.UseSetting("Neem:Gateway:Partners:arbetsformedlingen:Key", NationalKey);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
                services.AddHttpClient(ReferralRouting.ClientName).ConfigurePrimaryHttpMessageHandler(regions.Network.Handler);
            });
        });
        return (gateway, logs);
    }

    private static HttpClient Partner(IAlbaHost gateway, string key = NationalKey)
    {
        var client = gateway.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static Dictionary<string, object?> Referral(string municipality, string? number = null)
    {
        var body = People.Referral(number, lastName: "Nationellsson");
        body["municipality"] = municipality;
        return body;
    }

    private async Task<Dictionary<string, int>> HeldAsync() =>
        (await Task.WhenAll(regions.All.Select(async r =>
        {
            var page = await regions.RegionalPartner[r.Region].GetFromJsonAsync<JsonElement>("/api/referrals?pageSize=100");
            return (r.Region, page.GetProperty("referrals").GetArrayLength());
        }))).ToDictionary(x => x.Region, x => x.Item2);

    [Fact]
    public async Task each_referral_reaches_the_region_of_her_municipality_once_retries_included_and_the_gateway_keeps_nothing()
    {
        var (gateway, logs) = await GatewayAsync();
        await using var _ = gateway;
        var partner = Partner(gateway);
        var before = await HeldAsync();
        var numbers = new List<string>();

        var sent = new List<(string Municipality, string Region, Guid ReferralId)>();
        foreach (var (municipality, region) in new[] { ("Botkyrka", "stockholm"), ("Västerås stad", "vasteras"), ("1880", "orebro"), ("lindesbergs kommun", "orebro"), ("Upplands Bro", "stockholm") })
        {
            var number = People.NewNumber();
            numbers.Add(number);
            var body = Referral(municipality, number);
            var key = Guid.NewGuid().ToString();
            var first = await partner.PostReferralAsync(body, key);
            var retry = await partner.PostReferralAsync(body, key);

            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal(region, first.Headers.GetValues("Neem-Region").Single());
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
            Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
            var id = (await first.JsonAsync()).GetProperty("referralId").GetGuid();
            Assert.Equal(id, (await retry.JsonAsync()).GetProperty("referralId").GetGuid());
            Assert.Equal($"/api/referrals/{id}", first.Headers.Location!.OriginalString);
            sent.Add((municipality, region, id));
        }

        var after = await HeldAsync();
        Assert.Equal(before["stockholm"] + 2, after["stockholm"]);
        Assert.Equal(before["vasteras"] + 1, after["vasteras"]);
        Assert.Equal(before["orebro"] + 2, after["orebro"]);

        // Each is read back at the national address from the region that holds it, and only there.
        foreach (var (_, region, id) in sent)
        {
            var status = await partner.GetAsync($"/api/referrals/{id}");
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            Assert.Equal(region, status.Headers.GetValues("Neem-Region").Single());
            Assert.Equal(id, (await status.JsonAsync()).GetProperty("referralId").GetGuid());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/api/referrals/{Guid.NewGuid()}")).StatusCode);

        // A municipality outside the programme's regions: 422, and no region holds anything new.
        var malmo = await partner.PostReferralAsync(Referral("Malmö"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, malmo.StatusCode);
        Assert.Equal("application/problem+json", malmo.Content.Headers.ContentType!.MediaType);
        Assert.Contains("not served", (await malmo.ReadProblemAsync()).GetProperty("detail").GetString());

        // Without a municipality there is no region to ask: a 400 that names it.
        var missing = Referral("x");
        missing.Remove("municipality");
        Assert.Equal(["municipality"], (await (await partner.PostReferralAsync(missing)).ReadProblemAsync()).ErrorFields());

        // The region's own validation answers, and never repeats the number.
        var badNumber = await partner.PostReferralAsync(Referral("Botkyrka", "19900101-0000"));
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);
        Assert.Equal(["personalIdentityNumber"], (await badNumber.ReadProblemAsync()).ErrorFields());
        Assert.DoesNotContain("0101-0000", await badNumber.Content.ReadAsStringAsync());

        // A credential the gateway does not know, or none: 401 problem.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Partner(gateway, regions.RegionalKey["stockholm"]).PostReferralAsync(Referral("Botkyrka"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Server.CreateClient().PostReferralAsync(Referral("Botkyrka"))).StatusCode);
        Assert.Equal(after, await HeldAsync());

        // Västerås is down: 503 with Retry-After; the partner's retry with the same key after it returns is stored once.
        regions.Network.Down("vasteras");
        var body2 = Referral("Köping");
        var down = await partner.PostReferralAsync(body2, "retry-after-outage");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("30", down.Headers.GetValues("Retry-After").Single());
        regions.Network.Up("vasteras", () => regions.Vasteras.Host.Server.CreateHandler());
        Assert.Equal(HttpStatusCode.Created, (await partner.PostReferralAsync(body2, "retry-after-outage")).StatusCode);
        Assert.Equal("true", (await partner.PostReferralAsync(body2, "retry-after-outage")).Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(after["vasteras"] + 1, (await HeldAsync())["vasteras"]);

        // The gateway logged where referrals went, never whom they were about.
        Assert.Contains(logs.Lines, l => l.Contains("delivered to orebro", StringComparison.Ordinal));
        Assert.False(logs.Contain("Nationellsson"), "a name reached the gateway's logs");
        Assert.All(numbers, n => Assert.False(logs.Contain(n[2..]), "an identity number reached the gateway logs"));
    }

    [Fact]
    public async Task a_retry_whose_municipality_now_points_elsewhere_is_answered_by_the_region_that_holds_its_key()
    {
        var (gateway, _) = await GatewayAsync();
        await using var _ = gateway;
        var partner = Partner(gateway);
        var body = Referral("Botkyrka");
        var key = $"moved-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await partner.PostReferralAsync(body, key)).StatusCode);
        var before = await HeldAsync();

        // The partner's system corrected her municipality before the retry: still one key, still one referral.
        body["municipality"] = "Västerås";
        var moved = await partner.PostReferralAsync(body, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode); // as a single region answers a key reused with another body
        Assert.Equal("stockholm", moved.Headers.GetValues(ReferralRouting.RegionHeader).Single());
        body["municipality"] = "Botkyrka";
        var replay = await partner.PostReferralAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(before, await HeldAsync());

        // While a region that might hold the key does not answer, the referral waits (503) rather than risk a second one.
        regions.Network.Down("orebro");
        try
        {
            var waiting = await partner.PostReferralAsync(Referral("Botkyrka"), $"new-{Guid.NewGuid():N}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.StatusCode);
            Assert.NotNull(waiting.Headers.RetryAfter);
        }
        finally
        {
            regions.Network.Up("orebro", () => regions.Orebro.Host.Server.CreateHandler());
        }

        Assert.Equal(before, await HeldAsync());
    }

    [Theory]
    [InlineData("Vasteras", "vasteras")]
    [InlineData("VASTERAS STAD", "vasteras")]
    [InlineData("Vaesteraas", "vasteras")]
    [InlineData("Orebro", "orebro")]
    [InlineData("Oerebro kommun", "orebro")]
    [InlineData("Sodertalje", "stockholm")]
    [InlineData("upplands vasby", "stockholm")]
    [InlineData("Taby", "stockholm")]
    [InlineData("Hallefors", "orebro")]
    [InlineData("127", "stockholm")]
    [InlineData(" 0180 ", "stockholm")]
    public async Task a_municipality_of_the_three_counties_is_found_however_a_partners_system_writes_it(string municipality, string region)
    {
        var (gateway, _) = await GatewayAsync();
        await using var _ = gateway;

        var answer = await Partner(gateway).PostReferralAsync(Referral(municipality));

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal(region, answer.Headers.GetValues(ReferralRouting.RegionHeader).Single());
    }

    [Theory]
    [InlineData("Malmo", 422)]
    [InlineData("Göteborgs stad", 422)]
    [InlineData("1280", 422)]
    [InlineData("Habo", 422)]
    [InlineData("Kiruna kommun", 422)]
    [InlineData("Atlantis", 400)]
    [InlineData("Stockholmsförorten", 400)]
    [InlineData("9999", 400)]
    [InlineData("12", 400)]
    public async Task a_known_municipality_outside_the_counties_is_a_422_and_an_unknown_name_a_400_naming_it(string municipality, int status)
    {
        var (gateway, _) = await GatewayAsync();
        await using var _ = gateway;
        var before = await HeldAsync();

        var answer = await Partner(gateway).PostReferralAsync(Referral(municipality));

        Assert.Equal(status, (int)answer.StatusCode);
        if (status == 400)
        {
            Assert.Equal(["municipality"], (await answer.ReadProblemAsync()).ErrorFields());
        }

        Assert.Equal(before, await HeldAsync());
    }

    [Fact]
    public void the_table_knows_all_of_swedens_290_municipalities_and_the_48_of_the_three_counties()
    {
        var table = Municipalities.Load(Path.Combine(AppContext.BaseDirectory, "municipalities.json"));

        Assert.Equal(290, table.Known);
        Assert.Equal(48, table.Count);
    }
}

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
}

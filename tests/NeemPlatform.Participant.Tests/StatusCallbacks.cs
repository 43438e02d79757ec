using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeemPlatform.Participant.Partners.Callbacks;
using NeemPlatform.Participant.Referrals;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

/// <summary>
/// A partner's receiver, in-process on ASP.NET Core's test server: it records every callback it is sent and answers
/// 500 to the first <see cref="FailuresPerDelivery"/> attempts of each delivery, 200 after.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new();

    public int FailuresPerDelivery { get; set; } = 2;

    public ConcurrentQueue<(string Id, string Timestamp, string Signature, string Body, int Answered)> Received { get; } = new();

    public CallbackReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        _app.MapPost("/neem/callbacks", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var id = context.Request.Headers["webhook-id"].ToString();
            var attempt = _attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            var answer = attempt <= FailuresPerDelivery ? 500 : 200;
            Received.Enqueue((id, context.Request.Headers["webhook-timestamp"].ToString(), context.Request.Headers["webhook-signature"].ToString(),
                body, answer));
            return Results.StatusCode(answer);
        });
        _app.MapPost("/neem/down", () => Results.StatusCode(503));
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public HttpMessageHandler Handler() => _app.GetTestServer().CreateHandler();

    /// <summary>
    /// The receiver's check, written from the Standard Webhooks specification rather than from the service's code:
    /// HMAC-SHA256 over "{id}.{timestamp}.{body}" with the base64 part of the whsec_ secret, any of the space-separated
    /// v1 signatures, and a timestamp at most five minutes off.
    /// </summary>
    public static bool Verifies(string secret, string id, string timestamp, string signatures, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        var fresh = Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(timestamp)) <= 300;
        return fresh && signatures.Split(' ').Any(s => s == "v1," + expected);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

public sealed class ParticipantServiceWithCallbacks : ParticipantService
{
    public CallbackReceiver Receiver { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Neem:Callbacks:RetryDelaysSeconds"] = "0.3,0.3,0.3",
        ["Neem:Callbacks:PollMilliseconds"] = "100"
    };

    // The partner's address is a public https name; the test server answers it in-process.
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient(CallbackDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(Receiver.Handler);
}

public class status_callbacks(ParticipantServiceWithCallbacks service) : IClassFixture<ParticipantServiceWithCallbacks>
{
    private const string Address = "https://partner.example/neem/callbacks";

    private static async Task<string> RegisterAsync(HttpClient partner, string url = Address)
    {
        var registered = await (await partner.PutAsJsonAsync("/api/callback", new { url })).JsonAsync();
        return registered.GetProperty("secret").GetString()!;
    }

    private async Task<Guid> ParticipantOfAsync(Guid referralId)
    {
        await using var session = service.Store.QuerySession();
        return (await session.LoadAsync<Referral>(referralId))!.ParticipantId;
    }

    [Fact]
    public async Task each_status_change_is_delivered_once_signed_and_survives_a_receiver_that_fails_twice()
    {
        var (partnerId, partner, _) = await service.PartnerAsync("Botkyrka kommun, callbacks");
        var secret = await RegisterAsync(partner);
        Assert.StartsWith("whsec_", secret);
        var body = People.Referral();
        body["caseReference"] = "AF-2026-0042";
        var receipt = await (await partner.PostReferralAsync(body)).JsonAsync();
        var referralId = receipt.GetProperty("referralId").GetGuid();
        var staff = service.StaffClient();
        var participantId = await ParticipantOfAsync(referralId);

        await ParticipantService.InterviewAsync(staff, participantId);          // received → in-process
        await ParticipantService.InterviewAsync(staff, participantId);          // a second interview moves nothing
        await (await staff.PostAsJsonAsync($"/api/participants/{participantId}/decision",
            new { decision = "not-selected", reason = "drive-and-will", decidedOn = ParticipantService.Today })).JsonAsync(); // → closed

        var log = await Eventually.ReturnsAsync(
            async () => await (await partner.GetAsync("/api/callback/deliveries")).JsonAsync(),
            page => page.GetProperty("deliveries").EnumerateArray().Count(d => d.GetProperty("state").GetString() == "delivered") == 2,
            what: "two delivered callbacks");
        await Task.Delay(1000); // a delivered callback is never sent again

        var received = service.Receiver.Received.Where(r => r.Body.Contains(referralId.ToString())).ToList();
        Assert.Equal(6, received.Count);
        var byDelivery = received.GroupBy(r => r.Id).ToList();
        Assert.Equal(2, byDelivery.Count);
        foreach (var attempts in byDelivery)
        {
            Assert.Equal([500, 500, 200], attempts.Select(a => a.Answered));
            Assert.Single(attempts.Select(a => a.Body).Distinct());
            Assert.Equal(attempts.Key, JsonDocument.Parse(attempts.First().Body).RootElement.GetProperty("id").GetString());
            Assert.All(attempts, a => Assert.True(CallbackReceiver.Verifies(secret, a.Id, a.Timestamp, a.Signature, a.Body), "signature"));
            Assert.All(attempts, a => Assert.False(CallbackReceiver.Verifies("whsec_" + Convert.ToBase64String(new byte[32]), a.Id, a.Timestamp,
                a.Signature, a.Body), "a wrong secret verified"));
            Assert.All(attempts, a => Assert.False(CallbackReceiver.Verifies(secret, a.Id, a.Timestamp, a.Signature, a.Body.Replace("\"sandbox\":false", "\"sandbox\":true")),
                "a changed body verified"));
        }

        var bodies = byDelivery.Select(g => JsonDocument.Parse(g.First().Body).RootElement).OrderBy(b => b.GetProperty("changedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(["received→in-process", "in-process→closed"],
            bodies.Select(b => $"{b.GetProperty("previousStatus").GetString()}→{b.GetProperty("status").GetString()}"));
        Assert.All(bodies, b =>
        {
            Assert.Equal("referral.status-changed", b.GetProperty("type").GetString());
            Assert.Equal("AF-2026-0042", b.GetProperty("caseReference").GetString());
            Assert.False(b.GetProperty("sandbox").GetBoolean());
        });
        Assert.DoesNotContain(body["personalIdentityNumber"]!.ToString()!, string.Concat(received.Select(r => r.Body)));
        Assert.DoesNotContain("Amina", string.Concat(received.Select(r => r.Body)));

        // The partner's log and the administrator's say the same: three attempts each, 500, 500, 200.
        var admin = await (await service.StaffClient("administrator").GetAsync($"/api/partners/{partnerId}/callback-deliveries")).JsonAsync();
        foreach (var page in new[] { log, admin })
        {
            var deliveries = page.GetProperty("deliveries").EnumerateArray().ToList();
            Assert.Equal(2, page.GetProperty("total").GetInt32());
            Assert.All(deliveries, d => Assert.Equal([500, 500, 200],
                d.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32())));
            Assert.All(deliveries, d => Assert.Equal(referralId, d.GetProperty("referralId").GetGuid()));
        }
    }

    [Fact]
    public async Task a_partner_without_an_address_gets_nothing_and_another_partner_sees_none_of_the_log()
    {
        var (quietId, quiet, _) = await service.PartnerAsync("Somaliska föreningen, no callbacks");
        var (_, other, _) = await service.PartnerAsync("Västra stadsdelen, callbacks");
        await RegisterAsync(other);
        var receipt = await (await quiet.PostReferralAsync(People.Referral())).JsonAsync();
        var participantId = await ParticipantOfAsync(receipt.GetProperty("referralId").GetGuid());

        await ParticipantService.InterviewAsync(service.StaffClient(), participantId);

        Assert.Equal("in-process", (await (await quiet.GetAsync($"/api/referrals/{receipt.GetProperty("referralId").GetGuid()}")).JsonAsync())
            .GetProperty("status").GetString());
        Assert.Equal(0, await service.CountAsync($"select count(*) from participant.mt_doc_callbackdelivery where data->>'partnerId' = '{quietId}'"));
        Assert.Equal(0, (await (await other.GetAsync("/api/callback/deliveries")).JsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await quiet.GetAsync("/api/callback")).StatusCode);
    }

    [Fact]
    public async Task a_delivery_fails_after_the_retry_schedule_and_the_partner_can_have_it_sent_again()
    {
        var (_, partner, _) = await service.PartnerAsync("Partner whose receiver was down");
        await RegisterAsync(partner, "https://partner.example/neem/down");
        var receipt = await (await partner.PostReferralAsync(People.Referral())).JsonAsync();
        await ParticipantService.InterviewAsync(service.StaffClient(), await ParticipantOfAsync(receipt.GetProperty("referralId").GetGuid()));

        var failed = await Eventually.ReturnsAsync(
            async () => await (await partner.GetAsync("/api/callback/deliveries?state=failed")).JsonAsync(),
            page => page.GetProperty("total").GetInt32() == 1, what: "the failed delivery");
        var delivery = failed.GetProperty("deliveries")[0];
        Assert.Equal([503, 503, 503, 503], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
        var id = delivery.GetProperty("id").GetGuid();

        await RegisterAsync(partner); // the receiver is back, at its usual address
        var retried = await partner.PostAsync($"/api/callback/deliveries/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);

        var delivered = await Eventually.ReturnsAsync(
            async () => await (await partner.GetAsync("/api/callback/deliveries?state=delivered")).JsonAsync(),
            page => page.GetProperty("total").GetInt32() == 1, what: "the delivery sent again");
        Assert.Equal(id, delivered.GetProperty("deliveries")[0].GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await partner.PostAsync($"/api/callback/deliveries/{id}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await (await service.PartnerAsync("Someone else")).Client.PostAsync($"/api/callback/deliveries/{id}/retry", null)).StatusCode);
    }

    [Theory]
    [InlineData("http://partner.example/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::5]/hook")]
    [InlineData("https://2130706433/hook")]
    [InlineData("https://0x7f000001/hook")]
    [InlineData("https://printer.local/hook")]
    [InlineData("https://partner.example/hook#fragment")]
    [InlineData("https://exa mple.se/hook")]
    [InlineData("https:///hook")]
    [InlineData("https://%00/hook")]
    [InlineData("https://user:password@partner.example/hook")]
    [InlineData("partner.example/hook")]
    [InlineData("https://192.0.2.10/hook")] // documentation (TEST-NET-1)
    [InlineData("https://198.51.100.7/hook")] // documentation (TEST-NET-2)
    [InlineData("https://203.0.113.1/hook")] // documentation (TEST-NET-3)
    [InlineData("https://198.18.0.1/hook")] // benchmarking
    [InlineData("https://240.0.0.1/hook")] // reserved
    [InlineData("https://[2001:db8::1]/hook")] // documentation
    [InlineData("https://[64:ff9b::7f00:1]/hook")] // NAT64 of 127.0.0.1
    [InlineData("https://[2002:7f00:1::1]/hook")] // 6to4 of 127.0.0.1
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook")] // Teredo
    [InlineData("https://[::127.0.0.1]/hook")] // IPv4-compatible
    [InlineData("https://[::ffff:7f00:1]/hook")] // IPv4-mapped, hex
    [InlineData("https://[fe80::1%25eth0]/hook")] // link-local with a zone
    [InlineData("https://localhost./hook")]
    [InlineData("https://api.localhost/hook")]
    [InlineData("https://partner.example/\u202Ekoob")] // a direction override would reorder the address on the administrator's page
    [InlineData("https://partner\u200B.example/hook")] // zero-width space
    [InlineData("https://partner.example/hook\u2028")] // line separator
    [InlineData("https://partner.example/ho\tok")]
    public async Task an_address_that_is_not_public_https_is_refused_naming_the_url(string url)
    {
        url = System.Text.RegularExpressions.Regex.Unescape(url);
        var (_, partner, _) = await service.PartnerAsync("Refused addresses");

        var response = await partner.PutAsJsonAsync("/api/callback", new { url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadProblemAsync()).GetProperty("errors").TryGetProperty("url", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync("/api/callback")).StatusCode);
    }

    [Fact]
    public async Task after_a_rotation_both_secrets_sign_until_the_grace_period_ends_and_the_address_never_shows_the_secret()
    {
        var (_, partner, _) = await service.PartnerAsync("Rotating partner");
        var first = await RegisterAsync(partner);

        var rotated = await (await partner.PostAsync("/api/callback/secret", null)).JsonAsync();
        var second = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(2, rotated.GetProperty("secretGeneration").GetInt32());
        Assert.Equal(second, await RegisterAsync(partner, Address + "?moved")); // moving the address keeps the secret
        var shown = await (await partner.GetAsync("/api/callback")).JsonAsync();
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("secret").ValueKind);

        var receipt = await (await partner.PostReferralAsync(People.Referral())).JsonAsync();
        var referralId = receipt.GetProperty("referralId").GetGuid();
        await ParticipantService.InterviewAsync(service.StaffClient(), await ParticipantOfAsync(referralId));
        var delivered = await Eventually.ReturnsAsync(
            () => Task.FromResult(service.Receiver.Received.FirstOrDefault(r => r.Body.Contains(referralId.ToString()) && r.Answered == 200)),
            r => r.Id is not null, what: "the delivered callback");

        Assert.Equal(2, delivered.Signature.Split(' ').Length);
        Assert.True(CallbackReceiver.Verifies(second, delivered.Id, delivered.Timestamp, delivered.Signature, delivered.Body));
        Assert.True(CallbackReceiver.Verifies(first, delivered.Id, delivered.Timestamp, delivered.Signature, delivered.Body));
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("193.183.98.66", true)]
    [InlineData("2a00:1450:4001:82a::200e", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("172.20.1.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("192.0.0.9", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("192.31.196.1", false)]
    [InlineData("192.52.193.1", false)]
    [InlineData("192.88.99.1", false)]
    [InlineData("192.175.48.1", false)]
    [InlineData("198.19.255.255", false)]
    [InlineData("198.51.100.1", false)]
    [InlineData("203.0.113.255", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("::127.0.0.1", false)]
    [InlineData("64:ff9b::7f00:1", false)] // NAT64 of loopback
    [InlineData("64:ff9b::a00:1", false)] // NAT64 of 10.0.0.1
    [InlineData("64:ff9b::808:808", true)] // NAT64 of 8.8.8.8: judged as 8.8.8.8
    [InlineData("64:ff9b:1::1", false)] // local-use NAT64
    [InlineData("2002:7f00:1::", false)] // 6to4 of loopback
    [InlineData("2002:a9fe:a9fe::1", false)] // 6to4 of the metadata address
    [InlineData("2002:808:808::1", true)] // 6to4 of 8.8.8.8
    [InlineData("2001::1", false)] // Teredo
    [InlineData("2001:2::1", false)] // benchmarking
    [InlineData("2001:db8::1", false)]
    [InlineData("3fff::1", false)]
    [InlineData("100::1", false)]
    [InlineData("5f00::1", false)]
    [InlineData("fec0::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("4000::1", false)] // outside global unicast
    public void only_public_addresses_may_receive_callbacks(string address, bool isPublic) =>
        Assert.Equal(isPublic, CallbackAddresses.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void none_of_this_machines_own_addresses_may_receive_callbacks()
    {
        var own = CallbackAddresses.OwnAddresses();

        Assert.NotEmpty(own);
        Assert.All(own, address => Assert.False(CallbackAddresses.IsPublic(address), address.ToString()));
        // Even an address that would be public elsewhere is refused once it is this machine's.
        Assert.False(CallbackAddresses.IsPublic(IPAddress.Parse("8.8.8.8"), new HashSet<IPAddress> { IPAddress.Parse("8.8.8.8") }));
        Assert.False(CallbackAddresses.IsPublic(IPAddress.Parse("64:ff9b::808:808"), new HashSet<IPAddress> { IPAddress.Parse("8.8.8.8") }));
    }

    [Fact]
    public async Task this_machines_own_name_and_address_are_refused_at_registration()
    {
        var (_, partner, _) = await service.PartnerAsync("Own host");
        var hostName = Dns.GetHostName();
        var ownAddress = CallbackAddresses.OwnAddresses().First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);

        foreach (var url in new[] { $"https://{hostName}/hook", $"https://{hostName.ToUpperInvariant()}:8443/hook", $"https://{ownAddress}/hook" })
        {
            var response = await partner.PutAsJsonAsync("/api/callback", new { url });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, url);
        }
    }

    [Fact]
    public async Task a_callback_connects_to_the_checked_address_itself_never_through_a_proxy()
    {
        // A proxy would open the connection on our behalf to an address the connect-time check never saw.
        using var handler = CallbackDispatcher.Handler(CallbackSettings.From(new ConfigurationBuilder().Build()));
        Assert.False(handler.UseProxy);
        Assert.Null(handler.Proxy);

        // And the check holds at connect: a name that resolves to loopback is never connected to.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new HttpClient(CallbackDispatcher.Handler(CallbackSettings.From(new ConfigurationBuilder().Build())));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.PostAsync($"https://localhost:{port}/hook", new StringContent("{}")));
        Assert.False(listener.Pending());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Participant.Referrals.Sandbox;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

public class the_partner_sandbox(ParticipantServiceWithCallbacks service) : IClassFixture<ParticipantServiceWithCallbacks>
{
    private async Task<(Guid PartnerId, HttpClient Live, HttpClient Sandbox)> PartnerWithSandboxAsync(string name)
    {
        var (partnerId, live, _) = await service.PartnerAsync(name);
        var issued = await (await service.StaffClient("administrator").PostAsJsonAsync($"/api/partners/{partnerId}/credentials",
            new { label = "test environment", kind = "sandbox" })).JsonAsync();
        Assert.Equal("sandbox", issued.GetProperty("kind").GetString());
        var sandbox = service.Host.Server.CreateClient();
        sandbox.DefaultRequestHeaders.Add("X-Api-Key", issued.GetProperty("key").GetString());
        return (partnerId, live, sandbox);
    }

    private static Dictionary<string, object?> TestPerson(string number = "19850314-2120")
    {
        var body = People.Referral(number, "Tolvan", "Tolvansson");
        body["caseReference"] = "TEST-1";
        return body;
    }

    [Fact]
    public async Task a_sandbox_referral_is_answered_like_a_live_one_but_nobody_is_registered_and_nothing_reaches_staff_or_the_mis()
    {
        var (_, live, sandbox) = await PartnerWithSandboxAsync("Sandbox partner");
        var before = await service.CountAsync("select count(*) from participant.mt_doc_participant");
        var eventsBefore = await service.CountAsync("select count(*) from participant.mt_events");

        var first = await sandbox.PostReferralAsync(TestPerson(), "sandbox-key-1");
        var replay = await sandbox.PostReferralAsync(TestPerson(), "sandbox-key-1");
        var other = await sandbox.PostReferralAsync(TestPerson("19121212-1212"), "sandbox-key-2");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var receipt = await first.JsonAsync();
        Assert.Equal("received", receipt.GetProperty("status").GetString());
        Assert.Equal("TEST-1", receipt.GetProperty("caseReference").GetString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(receipt.GetProperty("referralId").GetGuid(), (await replay.JsonAsync()).GetProperty("referralId").GetGuid());
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(before, await service.CountAsync("select count(*) from participant.mt_doc_participant"));
        Assert.Equal(eventsBefore, await service.CountAsync("select count(*) from participant.mt_events"));
        var inbox = await service.StaffClient().GetStringAsync("/api/referral-inbox");
        Assert.DoesNotContain("Tolvansson", inbox);
        Assert.DoesNotContain(receipt.GetProperty("referralId").GetString()!, inbox);

        // Read back with the sandbox credential; the live credential of the same partner does not see it, nor lists it.
        var referralId = receipt.GetProperty("referralId").GetGuid();
        Assert.Equal("received", (await (await sandbox.GetAsync($"/api/referrals/{referralId}")).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(2, (await (await sandbox.GetAsync("/api/referrals")).JsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await live.GetAsync($"/api/referrals/{referralId}")).StatusCode);
        Assert.Equal(0, (await (await live.GetAsync("/api/referrals")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task a_key_tried_in_the_sandbox_neither_blocks_nor_replays_the_live_referral_that_uses_it_later()
    {
        var (_, live, sandbox) = await PartnerWithSandboxAsync("Partner reusing its test keys");
        var key = $"case-{Guid.NewGuid():N}";
        var tried = await (await sandbox.PostReferralAsync(TestPerson(), key)).JsonAsync();

        var real = await live.PostReferralAsync(People.Referral(), key);
        Assert.Equal(HttpStatusCode.Created, real.StatusCode);
        Assert.False(real.Headers.Contains("Idempotent-Replayed"));
        var liveId = (await real.JsonAsync()).GetProperty("referralId").GetGuid();
        Assert.NotEqual(tried.GetProperty("referralId").GetGuid(), liveId);

        // Each credential kind looks the key up in its own namespace, and replays only its own answer.
        var replayed = await sandbox.PostReferralAsync(TestPerson(), key);
        Assert.Equal(tried.GetProperty("referralId").GetGuid(), (await replayed.JsonAsync()).GetProperty("referralId").GetGuid());
        var byKey = new HttpRequestMessage(HttpMethod.Get, "/api/referrals/by-idempotency-key") { Headers = { { "Idempotency-Key", key } } };
        Assert.Equal(liveId, (await (await live.SendAsync(byKey)).JsonAsync()).GetProperty("referralId").GetGuid());
        var unused = new HttpRequestMessage(HttpMethod.Get, "/api/referrals/by-idempotency-key") { Headers = { { "Idempotency-Key", "never-used" } } };
        Assert.Equal(HttpStatusCode.NotFound, (await live.SendAsync(unused)).StatusCode);
    }

    [Fact]
    public async Task a_real_identity_number_is_refused_in_the_sandbox_without_being_repeated_and_nothing_is_stored()
    {
        var (partnerId, _, sandbox) = await PartnerWithSandboxAsync("Careful partner");
        var real = People.NewNumber();

        var response = await sandbox.PostReferralAsync(People.Referral(real));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Contains("/api/sandbox/identity-numbers", problem.GetProperty("errors").GetProperty("personalIdentityNumber")[0].GetString());
        Assert.DoesNotContain(real[2..8], problem.GetRawText());
        Assert.Equal(0, await service.CountAsync($"select count(*) from participant.mt_doc_referral where data->>'partnerId' = '{partnerId}'"));
        Assert.Equal(SandboxIdentityNumbers.All, (await (await sandbox.GetAsync("/api/sandbox/identity-numbers")).JsonAsync())
            .EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task the_partner_moves_its_sandbox_referral_forward_only_and_its_sandbox_address_gets_the_callback()
    {
        var (_, live, sandbox) = await PartnerWithSandboxAsync("Partner testing callbacks");
        var sandboxSecret = (await (await sandbox.PutAsJsonAsync("/api/callback", new { url = "https://partner.example/neem/callbacks?sandbox" }))
            .JsonAsync()).GetProperty("secret").GetString()!;
        await (await live.PutAsJsonAsync("/api/callback", new { url = "https://partner.example/neem/callbacks?live" })).JsonAsync();
        var referralId = (await (await sandbox.PostReferralAsync(TestPerson("19660228-5733"))).JsonAsync()).GetProperty("referralId").GetGuid();

        var invited = await sandbox.PostAsJsonAsync($"/api/sandbox/referrals/{referralId}/status", new { status = "invited" });
        var back = await sandbox.PostAsJsonAsync($"/api/sandbox/referrals/{referralId}/status", new { status = "received" });
        var same = await sandbox.PostAsJsonAsync($"/api/sandbox/referrals/{referralId}/status", new { status = "invited" });
        var byLive = await live.PostAsJsonAsync($"/api/sandbox/referrals/{referralId}/status", new { status = "closed" });

        Assert.Equal("invited", (await invited.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, same.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byLive.StatusCode);
        var read = await (await sandbox.GetAsync($"/api/referrals/{referralId}")).JsonAsync();
        Assert.Equal("invited", read.GetProperty("status").GetString());
        Assert.True(read.GetProperty("changedAt").GetDateTimeOffset() > read.GetProperty("receivedAt").GetDateTimeOffset());

        var delivered = await Eventually.ReturnsAsync(
            () => Task.FromResult(service.Receiver.Received.FirstOrDefault(r => r.Body.Contains(referralId.ToString()) && r.Answered == 200)),
            r => r.Id is not null, what: "the sandbox callback");
        var body = JsonDocument.Parse(delivered.Body).RootElement;
        Assert.True(body.GetProperty("sandbox").GetBoolean());
        Assert.Equal("received→invited", $"{body.GetProperty("previousStatus").GetString()}→{body.GetProperty("status").GetString()}");
        Assert.True(CallbackReceiver.Verifies(sandboxSecret, delivered.Id, delivered.Timestamp, delivered.Signature, delivered.Body));
        Assert.Equal(1, (await (await sandbox.GetAsync("/api/callback/deliveries")).JsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await live.GetAsync("/api/callback/deliveries")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task an_expired_credential_stops_working_and_a_past_expiry_is_refused()
    {
        var (partnerId, _, _) = await service.PartnerAsync("Expiring partner");
        var admin = service.StaffClient("administrator");
        var past = await admin.PostAsJsonAsync($"/api/partners/{partnerId}/credentials",
            new { label = "old", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.True((await past.ReadProblemAsync()).GetProperty("errors").TryGetProperty("expiresAt", out _));

        var issued = await (await admin.PostAsJsonAsync($"/api/partners/{partnerId}/credentials",
            new { label = "short-lived", expiresAt = DateTimeOffset.UtcNow.AddSeconds(2) })).JsonAsync();
        var client = service.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", issued.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/referrals")).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/referrals")).StatusCode);
        var listed = await (await admin.GetAsync("/api/partners")).JsonAsync();
        var credential = listed.EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == partnerId).GetProperty("credentials")
            .EnumerateArray().Single(c => c.GetProperty("label").GetString() == "short-lived");
        Assert.NotEqual(JsonValueKind.Null, credential.GetProperty("expiresAt").ValueKind);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Contracts;
using NeemPlatform.Participant.Referrals;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

/// <summary>The partner integration API: POST /api/referrals and the status reads, on a real PostgreSQL.</summary>
public class when_a_partner_refers_a_person(ParticipantService service) : IClassFixture<ParticipantService>
{
    private async Task<Referral> ReferralAsync(Guid referralId)
    {
        await using var session = service.Store.QuerySession();
        return (await session.LoadAsync<Referral>(referralId))!;
    }

    [Fact]
    public async Task the_referral_is_received_and_the_person_becomes_a_participant_whose_events_hold_no_identifier()
    {
        var (partnerId, partner, _) = await service.PartnerAsync();
        var number = People.NewNumber();

        var response = await partner.PostReferralAsync(People.Referral(number, "Zahra", "Uniquename"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.JsonAsync();
        Assert.Equal("received", receipt.GetProperty("status").GetString());
        var referral = await ReferralAsync(receipt.GetProperty("referralId").GetGuid());
        Assert.Equal(partnerId, referral.PartnerId);
        Assert.Equal(2, await service.EventsInStreamAsync(referral.ParticipantId)); // registered + referral
        Assert.Equal(0, await service.CountAsync(
            $"select count(*) from participant.mt_events where data::text like '%{number[2..8]}%' or data::text like '%Uniquename%'"));
        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.participant.referred.v1", referral.ParticipantId));
        Assert.DoesNotContain(number, await response.Content.ReadAsStringAsync());
        Assert.False(service.Logs.Contain(number[2..8]), "her identity number reached the logs");
        Assert.False(service.Logs.Contain("Uniquename"), "her name reached the logs");
    }

    [Fact]
    public async Task the_same_key_and_body_answer_the_original_receipt_and_store_one_referral()
    {
        var (_, partner, _) = await service.PartnerAsync();
        var body = People.Referral();

        var first = await (await partner.PostReferralAsync(body, "key-1")).JsonAsync();
        var again = await partner.PostReferralAsync(body, "key-1");

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var replayed = await again.JsonAsync();
        Assert.Equal(first.GetProperty("referralId").GetGuid(), replayed.GetProperty("referralId").GetGuid());
        Assert.Equal(first.GetProperty("receivedAt").GetDateTimeOffset(), replayed.GetProperty("receivedAt").GetDateTimeOffset());
        var referral = await ReferralAsync(first.GetProperty("referralId").GetGuid());
        Assert.Equal(2, await service.EventsInStreamAsync(referral.ParticipantId));
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_refused_with_422_and_changes_nothing()
    {
        var (partnerId, partner, _) = await service.PartnerAsync();
        await (await partner.PostReferralAsync(People.Referral(), "key-2")).JsonAsync();

        var other = await partner.PostReferralAsync(People.Referral(), "key-2");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("Idempotency-Key", (await other.ReadProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(1, await service.CountAsync(
            $"select count(*) from participant.mt_doc_referral where data->>'partnerId' = '{partnerId}'"));
    }

    [Fact]
    public async Task keys_are_scoped_per_partner()
    {
        var (_, first, _) = await service.PartnerAsync("Botkyrka kommun");
        var (_, second, _) = await service.PartnerAsync("Somaliska föreningen");

        var a = await (await first.PostReferralAsync(People.Referral(), "shared-key")).JsonAsync();
        var b = await (await second.PostReferralAsync(People.Referral(), "shared-key")).JsonAsync();

        Assert.NotEqual(a.GetProperty("referralId").GetGuid(), b.GetProperty("referralId").GetGuid());
    }

    [Fact]
    public async Task a_missing_idempotency_key_is_a_400_that_names_the_header()
    {
        var (_, partner, _) = await service.PartnerAsync();

        var response = await partner.PostAsJsonAsync("/api/referrals", People.Referral());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Idempotency-Key"], (await response.ReadProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task twenty_concurrent_posts_with_one_key_create_exactly_one_referral()
    {
        var (partnerId, partner, _) = await service.PartnerAsync();
        var body = People.Referral();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => partner.PostReferralAsync(body, "burst-key")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var ids = await Task.WhenAll(answers.Select(async a => (await a.JsonAsync()).GetProperty("referralId").GetGuid()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await service.CountAsync(
            $"select count(*) from participant.mt_doc_referral where data->>'partnerId' = '{partnerId}'"));
        var referral = await ReferralAsync(ids[0]);
        Assert.Equal(2, await service.EventsInStreamAsync(referral.ParticipantId));
    }

    [Fact]
    public async Task the_same_person_referred_by_two_partners_in_two_written_forms_is_one_participant_with_two_referrals()
    {
        var (_, first, _) = await service.PartnerAsync("Arbetsförmedlingen");
        var (_, second, _) = await service.PartnerAsync("Örebro kommun");
        var birth = new DateOnly(1985, 3, 14);
        var twelve = People.Number(birth, 624, twelve: true, separator: null);
        var ten = People.Number(birth, 624, twelve: false, separator: '-');

        var a = await (await first.PostReferralAsync(People.Referral(twelve))).JsonAsync();
        var b = await (await second.PostReferralAsync(People.Referral(ten))).JsonAsync();

        var ra = await ReferralAsync(a.GetProperty("referralId").GetGuid());
        var rb = await ReferralAsync(b.GetProperty("referralId").GetGuid());
        Assert.Equal(ra.ParticipantId, rb.ParticipantId);
        Assert.Equal(3, await service.EventsInStreamAsync(ra.ParticipantId)); // registered + two referrals
        var stored = await service.StaffClient().GetFromJsonAsync<JsonElement>($"/api/participants/{ra.ParticipantId}");
        Assert.Equal(2, stored.GetProperty("participant").GetProperty("referrals").GetInt32());
        Assert.Equal(1, await service.CountAsync(
            $"select count(*) from participant.mt_doc_personaldatarecord where data->>'identityNumber' = '{twelve}'"));
    }

    [Fact]
    public async Task ten_partners_referring_one_person_at_the_same_moment_make_one_participant_with_ten_referrals()
    {
        var partners = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => service.PartnerAsync($"Partner {i}")));
        var number = People.NewNumber();

        var answers = await Task.WhenAll(partners.Select(p => p.Client.PostReferralAsync(People.Referral(number))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var referrals = await Task.WhenAll(answers.Select(async a => await ReferralAsync((await a.JsonAsync()).GetProperty("referralId").GetGuid())));
        var participantId = Assert.Single(referrals.Select(r => r.ParticipantId).Distinct());
        Assert.Equal(11, await service.EventsInStreamAsync(participantId)); // registered + ten referrals
        Assert.Equal(10, await service.QueuedForAsync(Queues.Impact, "neem.participant.referred.v1", participantId));
    }

    [Fact]
    public async Task a_burst_mixing_new_people_a_shared_person_a_retried_key_and_a_reused_key_gives_every_referral_its_own_answer()
    {
        var partners = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => service.PartnerAsync($"Burst partner {i}")));
        var shared = People.NewNumber();
        var retried = People.Referral();
        var requests = new List<Func<Task<HttpResponseMessage>>>();
        foreach (var (_, client, _) in partners)
        {
            for (var i = 0; i < 8; i++)
            {
                requests.Add(() => client.PostReferralAsync(People.Referral()));
            }

            requests.Add(() => client.PostReferralAsync(People.Referral(shared)));
        }

        var first = partners[0].Client;
        for (var i = 0; i < 5; i++)
        {
            requests.Add(() => first.PostReferralAsync(retried, "burst-retry"));
        }

        var reused = partners[1].Client;
        requests.Add(() => reused.PostReferralAsync(People.Referral(), "burst-reused"));
        requests.Add(() => reused.PostReferralAsync(People.Referral(), "burst-reused"));

        var answers = await Task.WhenAll(requests.Select(r => Task.Run(r)));

        Assert.Equal(6 * 9 + 5 + 1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity));
        var ids = await Task.WhenAll(answers.Where(a => a.StatusCode == HttpStatusCode.Created)
            .Select(async a => (await a.JsonAsync()).GetProperty("referralId").GetGuid()));
        Assert.Equal(6 * 9 + 1 + 1, ids.Distinct().Count()); // the five retries share one referral
        var partnerIds = string.Join(",", partners.Select(p => $"'{p.PartnerId}'"));
        Assert.Equal(6 * 9 + 2, await service.CountAsync(
            $"select count(*) from participant.mt_doc_referral where data->>'partnerId' in ({partnerIds})"));
        var participants = (await Task.WhenAll(ids.Distinct().Select(ReferralAsync))).GroupBy(r => r.ParticipantId).ToList();
        Assert.Equal(6 * 8 + 1 + 2, participants.Count); // 48 people, the shared one, the retried one and the reused key's
        var sharedParticipant = Assert.Single(participants, g => g.Count() == 6);
        Assert.Equal(7, await service.EventsInStreamAsync(sharedParticipant.Key)); // registered + six referrals
        Assert.Equal(6, await service.QueuedForAsync(Queues.Impact, "neem.participant.referred.v1", sharedParticipant.Key));
    }

    [Fact]
    public void a_referral_waits_for_the_next_commit_when_an_earlier_one_in_the_batch_holds_its_key_and_so_does_what_follows_it()
    {
        string[] a = ["idempotency:1", "person:x"], b = ["idempotency:2", "person:x"], c = ["idempotency:3", "person:y"],
            d = ["idempotency:2", "person:z"], e = ["idempotency:4", "person:w"];

        var (batch, later) = Referrals.Receiving.ReferralIntake.Partition([a, b, c, d, e], keys => keys);

        Assert.Equal([a, c, e], batch);
        Assert.Equal([b, d], later); // b shares her person with a; d shares b's idempotency key, so it stays behind b
    }

    [Theory]
    [InlineData("850314-6240")] // wrong check digit
    [InlineData("850230-6241")] // 30 February
    [InlineData("19850314+6249")] // '+' in the 12-digit form
    [InlineData("850314-0000")] // birth number 000
    [InlineData("851374-6240")] // a coordination number (day 14 + 60) with a wrong check digit
    [InlineData("not a number")]
    public async Task an_invalid_identity_number_is_a_400_naming_the_field_without_echoing_it(string number)
    {
        var (_, partner, _) = await service.PartnerAsync();

        var response = await partner.PostReferralAsync(People.Referral(number));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal(["personalIdentityNumber"], problem.ErrorFields());
        var text = problem.ToString();
        Assert.DoesNotContain(number, text);
        var digits = new string(number.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length > 0)
        {
            Assert.DoesNotContain(digits, text);
        }
    }

    [Fact]
    public async Task every_invalid_field_is_named_at_once()
    {
        var (_, partner, _) = await service.PartnerAsync();
        var body = People.Referral();
        body["firstName"] = "";
        body["targetGroup"] = "everyone";
        body["consent"] = false;
        body["phone"] = null;
        body["email"] = "not-an-address";
        body["gender"] = "x";

        var response = await partner.PostReferralAsync(body);

        Assert.Equal(["consent", "email", "firstName", "gender", "targetGroup"], (await response.ReadProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task without_a_valid_credential_the_answer_is_401_and_a_revoked_credential_stops_working()
    {
        var (partnerId, partner, credentialId) = await service.PartnerAsync();
        var anonymous = service.Host.Server.CreateClient();
        var forged = service.Host.Server.CreateClient();
        forged.DefaultRequestHeaders.Add("X-Api-Key", $"neem_pk_{credentialId:N}_{new string('A', 43)}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostReferralAsync(People.Referral())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostReferralAsync(People.Referral())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await partner.PostReferralAsync(People.Referral())).StatusCode);

        var revoked = await service.StaffClient("administrator").DeleteAsync($"/api/partners/{partnerId}/credentials/{credentialId}");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var after = await partner.PostReferralAsync(People.Referral());
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task credentials_are_stored_only_as_hashes_and_listed_without_secrets()
    {
        var admin = service.StaffClient("administrator");
        var partner = await (await admin.PostAsJsonAsync("/api/partners", new { name = "Hash check" })).JsonAsync();
        var partnerId = partner.GetProperty("id").GetGuid();
        var issued = await (await admin.PostAsJsonAsync($"/api/partners/{partnerId}/credentials", new { label = "crm" })).JsonAsync();
        var key = issued.GetProperty("key").GetString()!;
        var secret = key[^43..];

        var listed = await (await admin.GetAsync("/api/partners")).Content.ReadAsStringAsync();

        Assert.DoesNotContain(secret, listed);
        Assert.Contains("crm", listed);
        Assert.Equal(0, await service.CountAsync($"select count(*) from participant.mt_doc_partner where data::text like '%{secret}%'"));
        Assert.Equal(HttpStatusCode.Forbidden, (await service.StaffClient("advisor").GetAsync("/api/partners")).StatusCode);
    }

    [Fact]
    public async Task a_body_over_64_kb_is_refused_with_413_and_stores_nothing()
    {
        var (partnerId, partner, _) = await service.PartnerAsync();
        var body = People.Referral();
        body["note"] = new string('a', 70 * 1024);

        var response = await partner.PostReferralAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await response.ReadProblemAsync();
        Assert.Equal(0, await service.CountAsync(
            $"select count(*) from participant.mt_doc_referral where data->>'partnerId' = '{partnerId}'"));
    }

    [Fact]
    public async Task a_partner_reads_the_status_of_its_own_referrals_only()
    {
        var (_, partner, _) = await service.PartnerAsync();
        var (_, other, _) = await service.PartnerAsync("Another partner");
        var receipt = await (await partner.PostReferralAsync(People.Referral())).JsonAsync();
        var referralId = receipt.GetProperty("referralId").GetGuid();

        var own = await partner.GetFromJsonAsync<JsonElement>($"/api/referrals/{referralId}");
        var theirs = await other.GetAsync($"/api/referrals/{referralId}");
        var list = await partner.GetFromJsonAsync<JsonElement>("/api/referrals");

        Assert.Equal("received", own.GetProperty("status").GetString());
        Assert.Equal(["caseReference", "changedAt", "receivedAt", "referralId", "status"], own.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(referralId, list.GetProperty("referrals")[0].GetProperty("referralId").GetGuid());
    }

    [Theory]
    [InlineData("AF-{0}")]
    [InlineData("{0}/2026")]
    [InlineData("{1}")]
    public async Task a_case_reference_with_her_identity_number_anywhere_in_it_is_refused_without_repeating_it(string pattern)
    {
        var (_, partner, _) = await service.PartnerAsync();
        var number = People.NewNumber();
        var body = People.Referral(number);
        var digits = number.Replace("-", "", StringComparison.Ordinal);
        body["caseReference"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, number,
            $"{digits[..6]} {digits[6..8]}.{digits[8..]}");

        var answer = await partner.PostReferralAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(["caseReference"], (await answer.ReadProblemAsync()).ErrorFields());
        Assert.DoesNotContain(digits[2..8], await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task the_status_follows_the_referral_from_received_through_in_process_to_closed()
    {
        await service.RoomyGroupAsync();
        var (_, partner, _) = await service.PartnerAsync();
        var receipt = await (await partner.PostReferralAsync(People.Referral())).JsonAsync();
        var referralId = receipt.GetProperty("referralId").GetGuid();
        var participantId = (await ReferralAsync(referralId)).ParticipantId;
        var staff = service.StaffClient();

        async Task<string?> Status() => (await partner.GetFromJsonAsync<JsonElement>($"/api/referrals/{referralId}")).GetProperty("status").GetString();

        Assert.Equal("received", await Status());
        await ParticipantService.InterviewAsync(staff, participantId);
        Assert.Equal("in-process", await Status());
        await ParticipantService.SelectAsync(staff, participantId);
        Assert.Equal("in-process", await Status());
        await (await staff.PostAsJsonAsync($"/api/participants/{participantId}/exit",
            new { exitedOn = ParticipantService.Today, reason = "completed" })).JsonAsync();
        Assert.Equal("closed", await Status());
    }

    [Fact]
    public async Task the_openapi_document_describes_the_partner_contract()
    {
        var document = await service.Host.Server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var post = document.GetProperty("paths").GetProperty("/api/referrals").GetProperty("post");
        var text = post.ToString();

        Assert.Contains("Idempotency-Key", text);
        Assert.Contains("X-Api-Key", text);
        foreach (var status in new[] { "201", "400", "401", "413", "422", "429" })
        {
            Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), $"documents {status}");
        }

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("partner-api-key").GetProperty("name").GetString());
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("ReferralRequest");
        Assert.Contains("personalIdentityNumber", schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }
}

/// <summary>A partner over its rate limit gets 429 with Retry-After; another partner is not slowed.</summary>
public class when_a_partner_sends_too_fast(when_a_partner_sends_too_fast.LimitedService service)
    : IClassFixture<when_a_partner_sends_too_fast.LimitedService>
{
    public sealed class LimitedService : ParticipantService
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Neem:Partners:RequestsPerSecond"] = "1",
            ["Neem:Partners:Burst"] = "5"
        };
    }

    [Fact]
    public async Task the_burst_beyond_its_bucket_gets_429_with_retry_after_and_the_other_partner_is_served()
    {
        var (_, noisy, _) = await service.PartnerAsync("Noisy");
        var (_, quiet, _) = await service.PartnerAsync("Quiet");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await noisy.PostReferralAsync(People.Referral()));
        }

        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(limited.Count, 5, 7); // 5 in the bucket, at most a token or two refilled meanwhile
        Assert.True(int.Parse(limited[0].Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(429, (await limited[0].ReadProblemAsync()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await quiet.PostReferralAsync(People.Referral())).StatusCode);
    }
}

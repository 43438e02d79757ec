using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Hosting;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

public class the_problem_vocabulary_and_the_partner_guide(ParticipantService service) : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task every_problem_type_has_its_page_and_the_list_links_each_one()
    {
        var client = service.Host.Server.CreateClient();
        var list = await client.GetStringAsync("/problems");

        foreach (var type in ProblemTypes.All)
        {
            Assert.Contains($"href=\"/problems/{type.Name}\"", list);
            var page = await client.GetAsync($"/problems/{type.Name}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains(type.Uri, await page.Content.ReadAsStringAsync());
        }

        var unknown = await client.GetAsync("/problems/no-such-type");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProblemTypes.All.Count, ProblemTypes.All.Select(t => t.Name).Distinct().Count());
    }

    [Fact]
    public async Task the_errors_of_the_http_layer_use_the_vocabulary_too()
    {
        var anonymous = service.Host.Server.CreateClient();
        var (_, partner, _) = await service.PartnerAsync("Vocabulary partner");
        var answers = new[]
        {
            await anonymous.GetAsync("/api/referrals"),                                                 // 401
            await service.StaffClient("advisor").GetAsync("/api/partners"),                             // 403
            await partner.GetAsync($"/api/referrals/{Guid.NewGuid()}"),                                 // 404
            await partner.PatchAsync("/api/referrals", JsonContent.Create(new { })),                    // 405
            await partner.PostAsync("/api/referrals", new StringContent("<referral/>", null, "application/xml")) // 415
        };

        foreach (var answer in answers)
        {
            var type = (await answer.ReadProblemAsync()).GetProperty("type").GetString();
            Assert.True(ProblemTypes.Named(ProblemTypes.NameOf(type) ?? "") is not null, $"{(int)answer.StatusCode}: {type}");
        }

        Assert.Equal([401, 403, 404, 405, 415], answers.Select(a => (int)a.StatusCode));
    }

    [Fact]
    public async Task the_api_document_opens_with_the_partner_guide()
    {
        var document = await service.Host.Server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var guide = document.GetProperty("info").GetProperty("description").GetString()!;

        Assert.Contains("# Partner guide", guide);
        Assert.Contains("19121212-1212", guide);
        Assert.Contains("webhook-signature", guide);
        Assert.Contains("20 requests a second", guide);
        Assert.Contains("[`rate-limited`](/problems/rate-limited)", guide);
        Assert.DoesNotContain("{{", guide);
    }
}

public class the_contract_names_the_values_the_server_accepts(ParticipantService service) : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task each_closed_set_in_the_document_is_the_validators_vocabulary_and_a_value_outside_it_is_refused()
    {
        var document = await service.Host.Server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        IReadOnlyList<string?> EnumOf(string schema, string property) => document.GetProperty("components").GetProperty("schemas").GetProperty(schema)
            .GetProperty("properties").GetProperty(property).GetProperty("enum").EnumerateArray()
            .Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()).ToList();

        Assert.Equal(Participants.Vocabulary.TargetGroups, EnumOf("ReferralRequest", "targetGroup"));
        Assert.Equal([.. Participants.Vocabulary.Genders, null], EnumOf("ReferralRequest", "gender"));
        Assert.Equal(Participants.Vocabulary.Decisions, EnumOf("DecideSelection", "decision"));
        Assert.Equal(Participants.ReferralProgress.All, EnumOf("ReferralStatusView", "status"));

        var (_, partner, _) = await service.PartnerAsync("Enum partner");
        var body = People.Referral();
        body["targetGroup"] = "long-term-unemployed";
        var refused = await partner.PostReferralAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.ReadProblemAsync()).GetProperty("errors").TryGetProperty("targetGroup", out _));
    }
}

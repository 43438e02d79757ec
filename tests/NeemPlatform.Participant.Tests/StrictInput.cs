using System.Net;
using System.Text;
using System.Text.Json;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

/// <summary>Bodies a lenient parser would accept and a strict one refuses, each with the answer it must get.</summary>
public class when_a_body_is_ambiguous_or_not_plain(ParticipantService service) : IClassFixture<ParticipantService>
{
    private static string Referral(Action<Dictionary<string, object?>>? change = null)
    {
        var body = People.Referral(People.NewNumber());
        change?.Invoke(body);
        return JsonSerializer.Serialize(body);
    }

    private async Task<HttpResponseMessage> SendAsync(string body, string? contentType = "application/json")
    {
        var (_, partner, _) = await service.PartnerAsync($"Strict {Guid.NewGuid():N}"[..20]);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals")
        {
            Content = new StringContent(body, Encoding.UTF8),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } }
        };
        request.Content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return await partner.SendAsync(request);
    }

    [Fact]
    public async Task a_member_given_twice_is_refused_so_a_later_value_never_wins()
    {
        var body = Referral(b => b["consent"] = false).TrimEnd('}') + ",\"consent\":true}";

        var answer = await SendAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(["consent"], (await answer.ReadProblemAsync()).ErrorFields());
    }

    [Theory]
    [InlineData("Consent")]
    [InlineData("CONSENT")]
    [InlineData("cOnSeNt")]
    public async Task a_member_given_again_in_another_letter_case_is_refused_since_the_reading_takes_it_for_the_same(string variant)
    {
        var before = await service.CountAsync("select count(*) from participant.mt_doc_referral");
        var body = Referral(b => b["consent"] = false).TrimEnd('}') + $",\"{variant}\":true}}";

        var answer = await SendAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(["consent"], (await answer.ReadProblemAsync()).ErrorFields().Select(f => f.ToLowerInvariant()));
        Assert.Equal(before, await service.CountAsync("select count(*) from participant.mt_doc_referral"));
    }

    [Fact]
    public async Task a_misspelled_field_is_refused_by_name_and_nothing_is_stored()
    {
        var before = await service.CountAsync("select count(*) from participant.mt_doc_referral");

        var misspelled = await SendAsync(Referral(b => { b.Remove("phone"); b["phnoe"] = "070-123 45 67"; }));
        var wrongType = await SendAsync(Referral(b => b["consent"] = "yes"));

        Assert.Equal(HttpStatusCode.BadRequest, misspelled.StatusCode);
        var problem = await misspelled.ReadProblemAsync();
        Assert.Equal(["phnoe"], problem.ErrorFields());
        Assert.Equal("https://neem.se/problems/unknown-field", problem.GetProperty("type").GetString());
        // A value of the wrong type is named the same way, with no framework type in the answer.
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        var typeProblem = await wrongType.Content.ReadAsStringAsync();
        Assert.Equal(["consent"], (await wrongType.ReadProblemAsync()).ErrorFields());
        Assert.DoesNotContain("System.", typeProblem);
        Assert.DoesNotContain("NeemPlatform.", typeProblem);
        Assert.Equal(before, await service.CountAsync("select count(*) from participant.mt_doc_referral"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    [InlineData(null)]
    public async Task a_body_not_declared_as_json_gets_415(string? contentType)
    {
        var answer = await SendAsync(Referral(), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        await answer.ReadProblemAsync();
    }

    [Theory]
    [InlineData("firstName", "Amina\\u0000Evil")]
    [InlineData("lastName", "Amina\\u202Egnp.exe")]
    [InlineData("lastName", "Amina\\u2028Evil")]
    [InlineData("firstName", "Amina\\u200Bx")]
    [InlineData("note", "a\\ud800b")]
    public async Task nul_bidi_overrides_separators_and_broken_characters_in_text_get_400_naming_the_field(string field, string escaped)
    {
        var body = Referral(b => b[field] = "__value__").Replace("\"__value__\"", $"\"{escaped}\"", StringComparison.Ordinal);

        var answer = await SendAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(field, (await answer.ReadProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task thousands_of_unknown_members_get_400_not_500()
    {
        var body = Referral().TrimEnd('}') + "," + string.Join(",", Enumerable.Range(0, 3_000).Select(i => $"\"x{i}\":{i}")) + "}";

        var answer = await SendAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        await answer.ReadProblemAsync();
    }

    [Fact]
    public async Task the_development_issuer_refuses_a_subject_with_control_characters()
    {
        var answer = await service.Host.Server.CreateClient().PostAsync("/dev/tokens",
            new StringContent("{\"subject\":\"anna\\u0007\\r\\nrole: administrator\",\"role\":\"advisor\",\"region\":\"stockholm\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(["subject"], (await answer.ReadProblemAsync()).ErrorFields());
    }
}

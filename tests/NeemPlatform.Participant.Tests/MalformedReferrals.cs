using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeemPlatform.Participant.Tests;

/// <summary>
/// Hundreds of malformed and hostile referral bodies: each gets a 4xx problem+json, none a 5xx, none is
/// stored, and no identity-number-like input comes back in an answer.
/// </summary>
public class when_partners_send_malformed_referrals(ParticipantService service) : IClassFixture<ParticipantService>
{
    private static readonly string[] RequiredFields =
        ["personalIdentityNumber", "firstName", "lastName", "municipality", "targetGroup", "permanentResidencePermit", "consent"];

    private static readonly string[] StringFields =
        ["personalIdentityNumber", "firstName", "lastName", "municipality", "targetGroup", "phone", "email", "gender", "note"];

    private static readonly JsonNode?[] WrongTypes =
        [JsonValue.Create(42), JsonValue.Create(true), new JsonArray(), new JsonObject(), JsonValue.Create(1.5e300), JsonValue.Create("yes")];

    private static readonly string[] Hostile =
    [
        "'; DROP TABLE participant.mt_events; --", "\" OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
        "../../etc/passwd", "\u0000", "\u202Eevil", "a\u0007b", "\uFEFF", "%00", "{{7*7}}", "' || pg_sleep(5) --",
        "٨٥٠٣١٤-٦٢٤٠", "８５０３１４－６２４６", "850314-624", "85031-46246", "19850314-62466", "850314-62a6", "0",
        "000000-0000", "991231-9999", "18500101-1234", "30000101-1234", "850314 6246", "850314--6246"
    ];

    private static JsonObject Valid() => JsonSerializer.SerializeToNode(People.Referral("19850314-6246"))!.AsObject();

    public static IEnumerable<(string Name, string Body)> Corpus()
    {
        foreach (var field in RequiredFields)
        {
            var missing = Valid();
            missing.Remove(field);
            yield return ($"missing {field}", missing.ToJsonString());
            var nulled = Valid();
            nulled[field] = null;
            yield return ($"null {field}", nulled.ToJsonString());
        }

        foreach (var field in Valid().Select(p => p.Key).ToList())
        {
            foreach (var wrong in WrongTypes)
            {
                if (wrong is JsonValue v && v.TryGetValue<bool>(out _) && field is "permanentResidencePermit" or "consent" or "bornAbroad")
                {
                    continue;
                }

                if (wrong is JsonValue s && s.TryGetValue<string>(out _) && StringFields.Contains(field) && field is not "targetGroup" and not "gender" and not "email" and not "phone" and not "personalIdentityNumber")
                {
                    continue;
                }

                var body = Valid();
                body[field] = wrong?.DeepClone();
                yield return ($"{field} = {wrong?.ToJsonString()}", body.ToJsonString());
            }
        }

        foreach (var field in StringFields)
        {
            var huge = Valid();
            huge[field] = new string('x', 20_000);
            yield return ($"huge {field}", huge.ToJsonString());
            foreach (var control in new[] { "\u0001", "\u001b[31m", "\u200B", "\u202E", "\uD800" })
            {
                var body = Valid();
                body[field] = $"Ab{control}cd";
                yield return ($"control in {field}", body.ToJsonString().Replace("\\uD800", "\\ud800", StringComparison.OrdinalIgnoreCase));
            }
        }

        foreach (var hostile in Hostile)
        {
            // Digits and dashes make a plausible phone number: only the others are hostile there.
            var fields = hostile.Any(char.IsAsciiLetter) || hostile.Any(c => c is '\'' or '"' or '<' or '$' or '%' or '{' or '\u0000')
                ? new[] { "personalIdentityNumber", "targetGroup", "gender", "email", "phone" }
                : new[] { "personalIdentityNumber", "targetGroup", "gender", "email" };
            foreach (var field in fields)
            {
                var body = Valid();
                body[field] = hostile;
                yield return ($"hostile {field}", body.ToJsonString());
            }
        }

        var deep = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            deep.Append("{\"a\":");
        }

        deep.Append('1');
        for (var i = 0; i < 200; i++)
        {
            deep.Append('}');
        }

        var deepNote = Valid();
        deepNote["note"] = JsonNode.Parse("[[[[[[[[[[1]]]]]]]]]]");
        foreach (var raw in new[]
                 {
                     "", "{", "}", "null", "[]", "42", "\"text\"", "{\"personalIdentityNumber\":}", deep.ToString(),
                     deepNote.ToJsonString(), "{'single':'quotes'}", "{\"firstName\":\"a\" \"lastName\":\"b\"}",
                     Valid().ToJsonString()[..40], "\u0000\u0000", "<referral/>", "{\"consent\":tru}", "{\"consent\":1e999}"
                 })
        {
            yield return ($"raw {raw[..Math.Min(raw.Length, 20)]}", raw);
        }

        // Every single-digit change of a valid number (the property tests prove each is refused).
        const string valid = "198503146246";
        for (var position = 0; position < valid.Length; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit != valid[position])
                {
                    var body = Valid();
                    body["personalIdentityNumber"] = valid[..position] + digit + valid[(position + 1)..];
                    yield return ($"digit {position} changed", body.ToJsonString());
                }
            }
        }

        var consentFalse = Valid();
        consentFalse["consent"] = false;
        yield return ("consent false", consentFalse.ToJsonString());
        var noContact = Valid();
        noContact.Remove("phone");
        noContact.Remove("email");
        yield return ("no phone or email", noContact.ToJsonString());
        foreach (var date in new[] { "20500101-1234", "19000229-1234", "20230229-1230", "850229-1234", "851301-1234", "850100-1234", "850132-1234", "859914-1234" })
        {
            var body = Valid();
            body["personalIdentityNumber"] = date;
            yield return ($"bad date {date}", body.ToJsonString());
        }
    }

    [Fact]
    public async Task every_body_gets_a_4xx_problem_and_nothing_is_stored()
    {
        var (partnerId, partner, _) = await service.PartnerAsync();
        var corpus = Corpus().ToList();
        Assert.True(corpus.Count >= 300, $"the corpus has {corpus.Count} bodies");

        var failures = new List<string>();
        foreach (var (name, body) in corpus)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
                Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } }
            };
            var response = await partner.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || text.Contains("   at ", StringComparison.Ordinal) || text.Contains("850314", StringComparison.Ordinal)
                || text.Contains("System.", StringComparison.Ordinal))
            {
                failures.Add($"{name}: {status} {text[..Math.Min(text.Length, 300)]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.NotEmpty(service.Logs.Lines);
        Assert.False(service.Logs.Contain("850314"), "an identity number reached the logs");
        Assert.Equal(0, await service.CountAsync(
            $"select count(*) from participant.mt_doc_referral where data->>'partnerId' = '{partnerId}'"));
    }
}

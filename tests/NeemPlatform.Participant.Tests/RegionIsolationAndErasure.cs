using System.Net;
using System.Net.Http.Json;
using System.Text;
using NeemPlatform.Contracts;
using NeemPlatform.TestSupport;
using Npgsql;

namespace NeemPlatform.Participant.Tests;

public class when_staff_of_another_region_ask(ParticipantService service) : IClassFixture<ParticipantService>
{
    public static TheoryData<string, string, string> Calls => new()
    {
        { "GET", "/api/participants/{id}", "" },
        { "PUT", "/api/participants/{id}/profile", """{"gender":"female","educationLevel":"none","languages":[],"municipality":"Örebro","familyInvolvedInBusinessIdea":false,"languageTrainingNeed":"none"}""" },
        { "POST", "/api/participants/{id}/interview", """{"interviewedOn":"2026-11-30","drive":3,"will":3}""" },
        { "POST", "/api/participants/{id}/decision", """{"decision":"not-selected","decidedOn":"2026-11-30","reason":"other"}""" },
        { "POST", "/api/participants/{id}/outcomes", """{"outcome":"studies","outcomeOn":"2026-11-30"}""" },
        { "POST", "/api/participants/{id}/exit", """{"exitedOn":"2026-11-30","reason":"completed"}""" },
        { "POST", "/api/participants/{id}/follow-ups", """{"point":"at-exit","status":"studies","followedUpOn":"2026-11-30"}""" },
        { "POST", "/api/participants/{id}/identity-number", """{"reason":"Checking her details"}""" },
        { "POST", "/api/participants/{id}/erasure", """{"basis":"participant-request","erasedOn":"2026-11-30"}""" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task every_participant_endpoint_answers_404_and_changes_nothing(string method, string route, string body)
    {
        var id = await service.RegisteredAsync(service.StaffClient());
        var before = await service.EventsInStreamAsync(id);
        // Advisors may not erase at all (403, tested elsewhere): the others must not learn she exists.
        var roles = route.EndsWith("/erasure", StringComparison.Ordinal) ? new[] { "region-manager", "administrator" }
            : new[] { "advisor", "region-manager", "administrator" };
        foreach (var role in roles)
        {
            var outsider = service.StaffClient(role, region: "orebro");
            var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{id}", id.ToString()));
            if (body.Length > 0)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            var response = await outsider.SendAsync(request);

            Assert.True(HttpStatusCode.NotFound == response.StatusCode, $"{role} {method} {route}: {(int)response.StatusCode}");
            await response.ReadProblemAsync();
        }

        Assert.Equal(before, await service.EventsInStreamAsync(id));
    }

    [Fact]
    public async Task lists_and_groups_show_only_the_own_region()
    {
        await service.RegisteredAsync(service.StaffClient());
        var outsider = service.StaffClient(region: "vasteras");

        var list = await outsider.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/participants");
        var groups = await outsider.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/network-groups");

        Assert.Empty(list.GetProperty("participants").EnumerateArray());
        Assert.Empty(groups.GetProperty("groups").EnumerateArray());
    }

    [Fact]
    public async Task without_a_token_or_with_a_partner_credential_staff_endpoints_answer_401()
    {
        var id = await service.RegisteredAsync(service.StaffClient());
        var (_, partner, _) = await service.PartnerAsync();
        var forged = service.Host.Server.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer",
            NeemPlatform.Hosting.DevelopmentTokens.Issue("another-key-that-is-long-enough-0123456789", "x", "administrator", "stockholm", DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Host.Server.CreateClient().GetAsync($"/api/participants/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await partner.GetAsync($"/api/participants/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync($"/api/participants/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.StaffClient("researcher").GetAsync($"/api/participants/{id}")).StatusCode);
    }
}

public class when_her_personal_data_is_erased(ParticipantService service) : IClassFixture<ParticipantService>
{
    /// <summary>Every row of every table in the database, as text (bytea columns as hex), that contains the needle.</summary>
    private async Task<List<string>> TablesContainingAsync(string needle)
    {
        var hex = Convert.ToHexString(Encoding.UTF8.GetBytes(needle)).ToLowerInvariant();
        var found = new List<string>();
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select format('%I.%I', table_schema, table_name) from information_schema.tables " +
            "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("participant.mt_events", tables);
        Assert.Contains(tables, t => t.StartsWith("neem_queues.", StringComparison.Ordinal));
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand(
                $"select count(*) from {table} t where t::text ilike '%' || $1 || '%' or t::text like '%' || $2 || '%'", connection);
            count.Parameters.Add(new NpgsqlParameter { Value = needle });
            count.Parameters.Add(new NpgsqlParameter { Value = hex });
            if (Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                found.Add(table);
            }
        }

        return found;
    }

    [Fact]
    public async Task no_table_of_the_database_holds_her_identity_number_or_her_name_and_the_other_services_are_told()
    {
        await service.RoomyGroupAsync();
        var staff = service.StaffClient();
        var manager = service.StaffClient("region-manager");
        var (_, partner, _) = await service.PartnerAsync();
        var number = People.NewNumber();
        var ten = number[2..8] + "-" + number[8..];
        const string first = "Xiomara";
        const string last = "Qvarnströmsdotter";
        await (await partner.PostReferralAsync(People.Referral(ten, first, last))).JsonAsync();
        var id = await service.RegisteredAsync(staff, number: number, firstName: first, lastName: last);
        await ParticipantService.InterviewAsync(staff, id);
        await ParticipantService.SelectAsync(staff, id);
        await (await staff.PostAsJsonAsync($"/api/participants/{id}/outcomes", new
        {
            outcome = "started-company", outcomeOn = ParticipantService.Today,
            company = new { organisationNumber = number, companyForm = "sole-trader", startedOn = ParticipantService.Today, socialEnterprise = false }
        })).JsonAsync();
        Assert.NotEmpty(await TablesContainingAsync(number)); // the scan finds what is there

        var advisorTry = await staff.PostAsJsonAsync($"/api/participants/{id}/erasure", new { basis = "participant-request", erasedOn = ParticipantService.Today });
        var erased = await manager.PostAsJsonAsync($"/api/participants/{id}/erasure", new { basis = "participant-request", erasedOn = ParticipantService.Today });

        Assert.Equal(HttpStatusCode.Forbidden, advisorTry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        foreach (var needle in new[] { number, number[2..], ten, number[..8] + "-" + number[8..], first, last })
        {
            Assert.Empty(await TablesContainingAsync(needle));
        }

        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.participant.erased.v1", id));
        var view = await staff.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/participants/{id}");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("personalData").ValueKind);
        Assert.True(view.GetProperty("participant").GetProperty("erased").GetBoolean());
        Assert.Equal("in-programme", view.GetProperty("participant").GetProperty("status").GetString()); // the anonymous history stays
        Assert.Equal(HttpStatusCode.NotFound,
            (await staff.PostAsJsonAsync($"/api/participants/{id}/identity-number", new { reason = "after erasure" })).StatusCode);

        // Referred again later, she is a new participant: nothing links her to the erased record.
        var again = await service.RegisteredAsync(staff, number: number);
        Assert.NotEqual(id, again);
    }
}

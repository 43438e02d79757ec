using System.Net;
using System.Net.Http.Json;
using System.Text;
using NeemPlatform.Contracts;
using NeemPlatform.TestSupport;

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
        { "POST", "/api/participants/{id}/identity-number", """{"purpose":"identity-check","reason":"Checking her details"}""" },
        { "POST", "/api/participants/{id}/erasure", """{"basis":"participant-request","erasedOn":"2026-11-30"}""" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task every_participant_endpoint_answers_403_and_changes_nothing(string method, string route, string body)
    {
        var id = await service.RegisteredAsync(service.StaffClient());
        var before = await service.EventsInStreamAsync(id);
        // The instance serves one region: a token of another is refused whatever the role, before any endpoint runs.
        foreach (var role in NeemPlatform.Hosting.NeemRoles.All)
        {
            var outsider = service.StaffClient(role, region: "orebro");
            var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{id}", id.ToString()));
            if (body.Length > 0)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            var response = await outsider.SendAsync(request);

            Assert.True(HttpStatusCode.Forbidden == response.StatusCode, $"{role} {method} {route}: {(int)response.StatusCode}");
            Assert.Equal("https://neem.se/problems/other-region", (await response.ReadProblemAsync()).GetProperty("type").GetString());
        }

        Assert.Equal(before, await service.EventsInStreamAsync(id));
    }

    [Fact]
    public async Task another_regions_administrator_cannot_plant_a_partner_and_a_partner_of_another_region_cannot_refer()
    {
        var outsider = service.StaffClient("administrator", region: "vasteras");

        var planted = await outsider.PostAsJsonAsync("/api/partners", new { name = "Planted partner" });

        Assert.Equal(HttpStatusCode.Forbidden, planted.StatusCode);
        Assert.Equal(0, await service.CountAsync("select count(*) from participant.mt_doc_partner where data->>'name' = 'Planted partner'"));

        // A partner stored for another region before the rule existed: its key no longer works here.
        var (partnerId, partner, _) = await service.PartnerAsync("Legacy partner");
        await using (var session = service.Store.LightweightSession())
        {
            var stored = await session.LoadAsync<NeemPlatform.Participant.Partners.Partner>(partnerId);
            stored!.Region = "vasteras";
            session.Store(stored);
            await session.SaveChangesAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(6)); // verified credentials are cached for 5 s
        var referral = await partner.PostReferralAsync(People.Referral());
        Assert.Equal(HttpStatusCode.Unauthorized, referral.StatusCode);
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
    private Task<List<string>> TablesContainingAsync(string needle) => DatabaseScan.TablesContainingAsync(service.ConnectionString, needle);

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
            outcome = "started-company",
            outcomeOn = ParticipantService.Today,
            company = new { organisationNumber = number, companyForm = "sole-trader", startedOn = ParticipantService.Today, socialEnterprise = false }
        })).JsonAsync();
        // Staff type identifiers into free text too: a reveal's reason, a later referral's differing details.
        await (await manager.PostAsJsonAsync($"/api/participants/{id}/identity-number",
            new { purpose = "identity-check", reason = $"Called {first} {last} ({ten}) about her bank account" })).JsonAsync();
        await (await partner.PostReferralAsync(People.Referral(ten, first, last + "-Berg"))).JsonAsync();
        Assert.NotEmpty(await TablesContainingAsync(number)); // the scan finds what is there
        Assert.NotEmpty(await TablesContainingAsync(last + "-Berg"));

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
            (await manager.PostAsJsonAsync($"/api/participants/{id}/identity-number",
                new { purpose = "identity-check", reason = "after erasure, to check" })).StatusCode);

        // The data-protection officer reads what was erased, when, by whom and on which basis; never who she was.
        var auditor = service.StaffClient("data-protection-officer", subject: "dpo-dora");
        var audit = await auditor.GetStringAsync($"/api/audit/erasures?from={ParticipantService.Today}&to={ParticipantService.Today}&pageSize=200");
        var entry = System.Text.Json.JsonDocument.Parse(audit).RootElement.GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("participantId").GetGuid() == id);
        Assert.Equal(("participant-request", "staff-1"), (entry.GetProperty("basis").GetString(), entry.GetProperty("erasedBy").GetString()));
        var removed = entry.GetProperty("removed").EnumerateArray().ToDictionary(r => r.GetProperty("what").GetString()!, r => r.GetProperty("count").GetInt32());
        Assert.Equal(1, removed["personal-data-record"]);
        Assert.Equal(1, removed["reveal-explanations"]);
        Assert.True(removed.ContainsKey("other-services-told"));
        foreach (var needle in new[] { number, ten, first, last })
        {
            Assert.DoesNotContain(needle, audit);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/audit/erasures")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync("/api/audit/erasures?from=2026-02-30")).StatusCode);

        // Referred again later, she is a new participant: nothing links her to the erased record.
        var again = await service.RegisteredAsync(staff, number: number);
        Assert.NotEqual(id, again);
    }
}

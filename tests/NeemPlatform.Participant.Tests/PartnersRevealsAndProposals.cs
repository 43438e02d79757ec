using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

public class when_a_partner_refers_someone_already_known(ParticipantService service) : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task her_stored_data_stays_and_the_difference_waits_for_an_advisor_to_accept()
    {
        var number = People.NewNumber();
        var staff = service.StaffClient();
        var id = await service.RegisteredAsync(staff, number: number, firstName: "Amina", lastName: "Testsson");
        var (_, stranger, _) = await service.PartnerAsync("Kommun som aldrig remitterat henne");
        var referral = People.Referral(number, "Hacked", "Name");
        referral["phone"] = "070-999 99 99";
        referral["email"] = "attacker@example.com";

        var receipt = await (await stranger.PostReferralAsync(referral)).JsonAsync();
        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/participants/{id}");

        var data = view.GetProperty("personalData");
        Assert.Equal("Amina", data.GetProperty("firstName").GetString());
        Assert.Equal("Testsson", data.GetProperty("lastName").GetString());
        Assert.NotEqual("attacker@example.com", data.GetProperty("email").GetString());
        var proposal = Assert.Single(data.GetProperty("proposals").EnumerateArray());
        Assert.Equal("Hacked", proposal.GetProperty("firstName").GetString());
        Assert.Equal(receipt.GetProperty("referralId").GetGuid(), proposal.GetProperty("referralId").GetGuid());

        var accepted = await staff.PostAsJsonAsync($"/api/participants/{id}/personal-data/proposals/{proposal.GetProperty("referralId").GetGuid()}",
            new { decision = "accept" });
        var after = (await staff.GetFromJsonAsync<JsonElement>($"/api/participants/{id}")).GetProperty("personalData");

        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal("Hacked", after.GetProperty("firstName").GetString());
        Assert.Empty(after.GetProperty("proposals").EnumerateArray());
    }

    [Fact]
    public async Task the_partner_gets_the_same_answer_as_for_someone_new_and_never_learns_her_programme_status()
    {
        await service.RoomyGroupAsync();
        var staff = service.StaffClient();
        var number = People.NewNumber();
        var id = await service.RegisteredAsync(staff, number: number);
        await ParticipantService.InterviewAsync(staff, id);
        await ParticipantService.SelectAsync(staff, id); // she is in the programme
        var (_, partner, _) = await service.PartnerAsync("Second opinion AB");

        var known = await partner.PostReferralAsync(People.Referral(number));
        var unknown = await partner.PostReferralAsync(People.Referral());
        var knownBody = await known.JsonAsync();
        var unknownBody = await unknown.JsonAsync();
        var status = await partner.GetFromJsonAsync<JsonElement>($"/api/referrals/{knownBody.GetProperty("referralId").GetGuid()}");
        var list = await partner.GetFromJsonAsync<JsonElement>("/api/referrals");

        Assert.Equal(unknown.StatusCode, known.StatusCode);
        Assert.Equal(
            unknownBody.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind, p.Name == "status" ? p.Value.GetString() : null)),
            knownBody.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind, p.Name == "status" ? p.Value.GetString() : null)));
        Assert.Equal("received", status.GetProperty("status").GetString());
        Assert.All(list.GetProperty("referrals").EnumerateArray(),
            r => Assert.Contains(r.GetProperty("status").GetString(), new[] { "received", "invited", "in-process", "closed" }));
    }

    [Fact]
    public async Task an_advisor_closes_a_referral_and_its_partner_sees_closed()
    {
        var (_, partner, _) = await service.PartnerAsync("Closing AB");
        var referralId = (await (await partner.PostReferralAsync(People.Referral())).JsonAsync()).GetProperty("referralId").GetGuid();
        var participantId = await ParticipantOfAsync(referralId);

        var closed = await service.StaffClient().PostAsJsonAsync($"/api/participants/{participantId}/referrals/{referralId}/close",
            new { reason = "not-eligible" });

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("closed", (await partner.GetFromJsonAsync<JsonElement>($"/api/referrals/{referralId}")).GetProperty("status").GetString());
    }

    private async Task<Guid> ParticipantOfAsync(Guid referralId)
    {
        await using var session = service.Store.QuerySession();
        return (await session.LoadAsync<NeemPlatform.Participant.Referrals.Referral>(referralId))!.ParticipantId;
    }
}

public class RevealLimitedService : ParticipantService
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Neem:Participant:RevealsPerDay"] = "2"
    };
}

public class when_staff_ask_for_a_whole_identity_number(RevealLimitedService service) : IClassFixture<RevealLimitedService>
{
    private static object Reveal(string reason = "Skatteverket asked us to confirm her F-tax registration") =>
        new { purpose = "authority-report", reason };

    [Fact]
    public async Task only_her_responsible_advisor_or_a_region_manager_sees_it_with_a_real_reason_and_each_attempt_is_in_the_audit()
    {
        var advisor = service.StaffClient("advisor", subject: "advisor-anna");
        var colleague = service.StaffClient("advisor", subject: "advisor-bo");
        var manager = service.StaffClient("region-manager", subject: "manager-cecilia");
        var id = await service.RegisteredAsync(advisor);
        await ParticipantService.InterviewAsync(advisor, id); // Anna interviews her: her advisor on the worklists, no more

        var beforeAssignment = await advisor.PostAsJsonAsync($"/api/participants/{id}/identity-number", Reveal("Recording her interview made me her advisor"));
        (await manager.PutAsJsonAsync($"/api/participants/{id}/advisor", new { advisorId = "advisor-anna" })).EnsureSuccessStatusCode();
        var byColleague = await colleague.PostAsJsonAsync($"/api/participants/{id}/identity-number", Reveal());
        var withDots = await advisor.PostAsJsonAsync($"/api/participants/{id}/identity-number", Reveal("....."));
        var withoutPurpose = await advisor.PostAsJsonAsync($"/api/participants/{id}/identity-number", new { purpose = "curiosity", reason = "I just want to know who she is" });
        var byAdvisor = await advisor.PostAsJsonAsync($"/api/participants/{id}/identity-number", Reveal());
        var byManager = await manager.PostAsJsonAsync($"/api/participants/{id}/identity-number", Reveal("The bank needs it for her loan account"));
        var audit = await manager.GetFromJsonAsync<JsonElement>($"/api/audit/identity-reveals?participantId={id}");

        Assert.Equal(HttpStatusCode.Forbidden, beforeAssignment.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byColleague.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withDots.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutPurpose.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdvisor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byManager.StatusCode);
        // Refused attempts are audited beside the reveals; a request that never got as far as the rule (a 400) is not.
        var entries = audit.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(4, audit.GetProperty("total").GetInt32());
        Assert.Equal(["manager-cecilia", "advisor-anna", "advisor-bo", "advisor-anna"], entries.Select(e => e.GetProperty("staffId").GetString()));
        Assert.Equal(["revealed", "revealed", "refused-not-responsible", "refused-not-responsible"], entries.Select(e => e.GetProperty("outcome").GetString()));
        Assert.Equal("The bank needs it for her loan account", entries[0].GetProperty("reason").GetString());
        Assert.Equal("Recording her interview made me her advisor", entries[3].GetProperty("reason").GetString());
        Assert.All(entries, e => Assert.Equal(id, e.GetProperty("participantId").GetGuid()));
    }

    [Fact]
    public async Task a_staff_member_is_stopped_after_her_daily_limit_with_a_retry_after()
    {
        var manager = service.StaffClient("region-manager", subject: "manager-limit");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await service.RegisteredAsync(service.StaffClient()));
        }

        var first = await manager.PostAsJsonAsync($"/api/participants/{ids[0]}/identity-number", Reveal());
        var second = await manager.PostAsJsonAsync($"/api/participants/{ids[1]}/identity-number", Reveal());
        var third = await manager.PostAsJsonAsync($"/api/participants/{ids[2]}/identity-number", Reveal());
        var other = await service.StaffClient("region-manager", subject: "manager-other").PostAsJsonAsync(
            $"/api/participants/{ids[2]}/identity-number", Reveal());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        await third.ReadProblemAsync();
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var audit = await manager.GetFromJsonAsync<JsonElement>("/api/audit/identity-reveals?staffId=manager-limit");
        Assert.Equal(["refused-daily-limit", "revealed", "revealed"],
            audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("outcome").GetString()));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

public class the_reach_of_the_referrals(ParticipantService service) : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task a_region_manager_sees_per_partner_and_municipality_the_referrals_the_people_behind_them_and_how_many_were_selected()
    {
        await service.RoomyGroupAsync();
        var staff = service.StaffClient();
        var (_, first, _) = await service.PartnerAsync("Arbetsförmedlingen Södertälje");
        var (_, second, _) = await service.PartnerAsync("Botkyrka kommun");
        var amina = People.NewNumber();
        async Task<Guid> ReferAsync(HttpClient partner, string number, string municipality)
        {
            var referral = People.Referral(number);
            referral["municipality"] = municipality;
            var receipt = await (await partner.PostReferralAsync(referral)).JsonAsync();
            var inbox = await staff.GetFromJsonAsync<JsonElement>("/api/referral-inbox?pageSize=200");
            return inbox.GetProperty("referrals").EnumerateArray()
                .Single(r => r.GetProperty("referralId").GetGuid() == receipt.GetProperty("referralId").GetGuid()).GetProperty("participantId").GetGuid();
        }

        var aminaId = await ReferAsync(first, amina, "Botkyrka");
        await ReferAsync(first, People.NewNumber(), "Södertälje");
        await ReferAsync(second, People.NewNumber(), "Botkyrka");
        Assert.Equal(aminaId, await ReferAsync(second, amina, "Botkyrka")); // referred again by the other partner: the same person
        await ParticipantService.InterviewAsync(staff, aminaId);
        await ParticipantService.SelectAsync(staff, aminaId);

        var today = SwedishToday.Date;
        var manager = service.StaffClient("region-manager");
        var reach = await manager.GetFromJsonAsync<JsonElement>($"/api/referral-reach?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");

        (int, int, int, int) Counts(string list, string name) => reach.GetProperty(list).EnumerateArray().Single(r => r.GetProperty("name").GetString() == name) is var r
            ? (r.GetProperty("referrals").GetInt32(), r.GetProperty("people").GetInt32(), r.GetProperty("selected").GetInt32(), r.GetProperty("inNetworkGroup").GetInt32())
            : default;
        Assert.Equal((2, 2, 1, 1), Counts("byPartner", "Arbetsförmedlingen Södertälje"));
        Assert.Equal((2, 2, 1, 1), Counts("byPartner", "Botkyrka kommun"));
        Assert.Equal((3, 2, 1, 1), Counts("byMunicipality", "Botkyrka"));
        Assert.Equal((1, 1, 0, 0), Counts("byMunicipality", "Södertälje"));
        // A period before they came reaches nobody; advisors do not read it; a reversed period names the field.
        var before = await manager.GetFromJsonAsync<JsonElement>("/api/referral-reach?from=2020-01-01&to=2020-12-31");
        Assert.Empty(before.GetProperty("byPartner").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/referral-reach?from=2020-01-01&to=2020-12-31")).StatusCode);
        var bad = await manager.GetAsync("/api/referral-reach?from=2020-12-31&to=2020-01-01");
        Assert.Equal(["to"], (await bad.ReadProblemAsync()).ErrorFields());
    }
}

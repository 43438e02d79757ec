using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NeemPlatform.Participant.Tests;

public class when_advisors_search_and_read_the_inbox(ParticipantService service) : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task a_name_finds_her_an_identity_number_finds_her_exactly_and_numbers_stay_masked()
    {
        var staff = service.StaffClient();
        var number = People.NewNumber();
        var last = $"Söktest{Guid.NewGuid():N}"[..16];
        var id = await service.RegisteredAsync(staff, number: number, firstName: "Hodan", lastName: last);
        await service.RegisteredAsync(staff, firstName: "Hodan", lastName: "Annan");

        async Task<JsonElement> Search(object body) => await (await staff.PostAsJsonAsync("/api/participants/search", body)).JsonAsync();

        var byName = await Search(new { name = $"hodan {last.ToLowerInvariant()}" });
        var byNumber = await Search(new { identityNumber = number });
        var byPart = await Search(new { name = number[2..8] });
        // The same number with another check digit (the old "x unless it ends in 0" sent her valid number one time in ten).
        var wrongCheckDigit = number[..^1] + (char)('0' + (number[^1] - '0' + 1) % 10);
        var bad = await staff.PostAsJsonAsync("/api/participants/search", new { identityNumber = wrongCheckDigit });

        var hit = Assert.Single(byName.GetProperty("participants").EnumerateArray());
        Assert.Equal(id, hit.GetProperty("id").GetGuid());
        Assert.Equal($"{number[..8]}-****", hit.GetProperty("maskedIdentityNumber").GetString());
        Assert.Equal(id, Assert.Single(byNumber.GetProperty("participants").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(1, byNumber.GetProperty("total").GetInt32());
        Assert.Empty(byPart.GetProperty("participants").EnumerateArray()); // numbers are not text to search
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.DoesNotContain(number, byName.ToString());
        Assert.DoesNotContain(number[2..], await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task the_inbox_lists_partner_referrals_with_partner_person_and_status()
    {
        var (_, partner, _) = await service.PartnerAsync("Inkorgens kommun");
        var referral = People.Referral(People.NewNumber(), "Leyla", "Inkorgsson");
        var referralId = (await (await partner.PostReferralAsync(referral)).JsonAsync()).GetProperty("referralId").GetGuid();

        var inbox = await service.StaffClient().GetFromJsonAsync<JsonElement>("/api/referral-inbox?status=received&pageSize=200");

        var entry = inbox.GetProperty("referrals").EnumerateArray().Single(r => r.GetProperty("referralId").GetGuid() == referralId);
        Assert.Equal("Inkorgens kommun", entry.GetProperty("partnerName").GetString());
        Assert.Equal("Leyla Inkorgsson", entry.GetProperty("name").GetString());
        Assert.Equal("received", entry.GetProperty("status").GetString());
    }
}

public class when_an_advisor_changes_her_eligibility(ParticipantService service) : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task the_residence_permit_changes_with_who_in_the_history_and_why_only_in_her_erasable_notes()
    {
        var staff = service.StaffClient(subject: "advisor-eva");
        var id = await service.RegisteredAsync(staff, permit: false);
        const string why = "Migrationsverket beviljade Amina permanent uppehållstillstånd";

        var changed = await staff.PutAsJsonAsync($"/api/participants/{id}/profile", new
        {
            gender = "female",
            educationLevel = "secondary",
            languages = new[] { "arabiska" },
            municipality = "Botkyrka",
            familyInvolvedInBusinessIdea = false,
            languageTrainingNeed = "basic",
            permanentResidencePermit = true,
            reason = why
        });
        var view = await staff.GetFromJsonAsync<JsonElement>($"/api/participants/{id}");

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.True(view.GetProperty("participant").GetProperty("permanentResidencePermit").GetBoolean());
        Assert.Equal("advisor-eva", view.GetProperty("participant").GetProperty("profileChanges")[0].GetProperty("changedBy").GetString());
        Assert.Contains(view.GetProperty("personalData").GetProperty("notes").EnumerateArray(), n => n.GetProperty("text").GetString() == why);
        Assert.Equal(0, await service.CountAsync($"select count(*) from participant.mt_events where stream_id = '{id}' and data::text like '%Migrationsverket%'"));
    }
}

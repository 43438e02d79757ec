using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NeemPlatform.Participant.Tests;

public class the_staff_directory(ParticipantService service) : IClassFixture<ParticipantService>
{
    private async Task<List<(string Id, string Name, string Role)>> DirectoryAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/staff")).GetProperty("staff").EnumerateArray()
        .Select(s => (s.GetProperty("id").GetString()!, s.GetProperty("name").GetString()!, s.GetProperty("role").GetString()!)).ToList();

    [Fact]
    public async Task each_staff_member_puts_herself_in_it_by_the_name_her_token_carries_and_colleagues_read_it()
    {
        var anna = service.StaffClient("advisor", subject: "anna.dir", name: "Anna Rådgivare");
        var olle = service.StaffClient("loan-officer", subject: "olle.dir", name: "Olle Långivare");

        Assert.Equal(HttpStatusCode.OK, (await anna.PutAsync("/api/staff/me", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await olle.PutAsync("/api/staff/me", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anna.PutAsync("/api/staff/me", null)).StatusCode); // again: the same entry

        var directory = await DirectoryAsync(olle);
        Assert.Contains(("anna.dir", "Anna Rådgivare", "advisor"), directory);
        Assert.Contains(("olle.dir", "Olle Långivare", "loan-officer"), directory);
        Assert.Single(directory, d => d.Id == "anna.dir");

        // A new name at her next sign-in replaces the old one.
        var renamed = service.StaffClient("advisor", subject: "anna.dir", name: "Anna Berg");
        await renamed.PutAsync("/api/staff/me", null);
        Assert.Contains(("anna.dir", "Anna Berg", "advisor"), await DirectoryAsync(olle));
    }

    [Fact]
    public async Task a_token_without_a_name_or_with_a_hidden_one_is_refused_and_stores_nothing()
    {
        var nameless = service.StaffClient("advisor", subject: "nameless.dir");
        var hidden = service.StaffClient("advisor", subject: "hidden.dir", name: "Eve\u202E nimdA");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await nameless.PutAsync("/api/staff/me", null)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await hidden.PutAsync("/api/staff/me", null)).StatusCode);
        Assert.DoesNotContain(await DirectoryAsync(nameless), d => d.Id is "nameless.dir" or "hidden.dir");
    }

    [Theory]
    [InlineData("researcher")]
    [InlineData("mis-feed")]
    public async Task the_researcher_and_machines_neither_join_nor_read_it(string role)
    {
        var outsider = service.StaffClient(role, subject: $"{role}.dir", name: "Someone Outside");

        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PutAsync("/api/staff/me", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/api/staff")).StatusCode);
    }
}

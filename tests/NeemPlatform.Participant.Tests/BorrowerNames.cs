using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NeemPlatform.Participant.Tests;

public class a_loan_officer_sees_borrowers_by_name(ParticipantService service) : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task only_the_names_of_selected_participants_and_nothing_else_of_their_records()
    {
        await service.RoomyGroupAsync();
        var advisor = service.StaffClient();
        var borrower = await service.RegisteredAsync(advisor, firstName: "Fatima", lastName: "Lånesson");
        await ParticipantService.InterviewAsync(advisor, borrower);
        (await advisor.PostAsJsonAsync($"/api/participants/{borrower}/decision", new { decision = "selected", decidedOn = ParticipantService.Today }))
            .EnsureSuccessStatusCode();
        var applicant = await service.RegisteredAsync(advisor, firstName: "Ines", lastName: "Sökande");
        var officer = service.StaffClient("loan-officer", subject: "olle");

        var answer = await officer.PostAsJsonAsync("/api/borrowers/names", new { participantIds = new[] { borrower, applicant, Guid.NewGuid() } });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var text = await answer.Content.ReadAsStringAsync();
        var borrowers = JsonDocument.Parse(text).RootElement.GetProperty("borrowers").EnumerateArray().ToList();
        var only = Assert.Single(borrowers);
        Assert.Equal((borrower, "Fatima", "Lånesson"), (only.GetProperty("participantId").GetGuid(), only.GetProperty("firstName").GetString(),
            only.GetProperty("lastName").GetString()));
        Assert.Equal(["advisorId", "firstName", "lastName", "participantId"], only.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal("staff-1", only.GetProperty("advisorId").GetString()); // who interviewed her: whom a loan officer asks
        Assert.DoesNotContain("Sökande", text);
    }

    [Fact]
    public async Task others_cannot_ask_and_a_request_for_too_many_is_refused()
    {
        Assert.Equal(HttpStatusCode.Forbidden,
            (await service.StaffClient("advisor").PostAsJsonAsync("/api/borrowers/names", new { participantIds = new[] { Guid.NewGuid() } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.StaffClient("loan-officer").PostAsJsonAsync("/api/borrowers/names",
            new { participantIds = Enumerable.Range(0, 201).Select(_ => Guid.NewGuid()).ToArray() })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.StaffClient("loan-officer").PostAsJsonAsync("/api/borrowers/names",
            new { participantIds = Array.Empty<Guid>() })).StatusCode);
    }
}

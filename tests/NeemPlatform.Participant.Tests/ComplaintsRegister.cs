using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Participant.Complaints;
using NeemPlatform.Participant.Participants.RevealingIdentityNumber;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

/// <summary>The complaints register: received, assigned, answered within the deadline, closed with an outcome, counted for the funders.</summary>
public class the_complaints_register(ParticipantService service) : IClassFixture<ParticipantService>
{
    private readonly HttpClient _advisor = service.StaffClient();
    private readonly HttpClient _manager = service.StaffClient("region-manager", subject: "manager-1");

    private static object Complaint(Guid id, Guid participant, string receivedOn, string summary = "Hon fick inget svar på sin ansökan om anstånd.") =>
        new { complaintId = id, from = "participant", participantId = participant, channel = "phone", category = "repayment-and-collection", summary, receivedOn };

    [Fact]
    public async Task a_complaint_is_registered_once_assigned_answered_and_closed_and_an_unanswered_one_is_overdue_after_its_deadline()
    {
        var participant = await service.RegisteredAsync(_advisor);
        var (answered, forgotten) = (Guid.NewGuid(), Guid.NewGuid());
        var today = SwedishToday.Date;

        var first = await _advisor.PostAsJsonAsync("/api/complaints", Complaint(answered, participant, today.AddDays(-3).ToString("yyyy-MM-dd")));
        var again = await _advisor.PostAsJsonAsync("/api/complaints", Complaint(answered, participant, today.AddDays(-3).ToString("yyyy-MM-dd")));
        var clash = await _advisor.PostAsJsonAsync("/api/complaints", Complaint(answered, participant, today.AddDays(-3).ToString("yyyy-MM-dd"), "Något annat."));
        await (await _advisor.PostAsJsonAsync("/api/complaints", Complaint(forgotten, participant, today.AddDays(-20).ToString("yyyy-MM-dd")))).JsonAsync();
        var closeUnanswered = await _manager.PostAsJsonAsync($"/api/complaints/{answered}/closure", new { outcome = "upheld", closedOn = today });
        var assignedByAdvisor = await _advisor.PutAsJsonAsync($"/api/complaints/{answered}/assignee", new { staffId = "staff-1" });
        await (await _manager.PutAsJsonAsync($"/api/complaints/{answered}/assignee", new { staffId = "staff-1" })).JsonAsync();
        await (await _advisor.PostAsJsonAsync($"/api/complaints/{answered}/answer", new { answer = "Vi har gett anstånd i en månad.", answeredOn = today })).JsonAsync();
        var closed = await (await _manager.PostAsJsonAsync($"/api/complaints/{answered}/closure", new { outcome = "upheld", closedOn = today })).JsonAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, closeUnanswered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, assignedByAdvisor.StatusCode);
        Assert.Equal(("staff-1", "upheld"), (closed.GetProperty("assignedTo").GetString(), closed.GetProperty("outcome").GetString()));
        var overdue = await _manager.GetFromJsonAsync<JsonElement>("/api/complaints?state=overdue");
        var ids = overdue.GetProperty("complaints").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(forgotten, ids);
        Assert.DoesNotContain(answered, ids);
        Assert.True(overdue.GetProperty("overdue").GetInt32() >= 1);

        var summary = await _manager.GetFromJsonAsync<JsonElement>($"/api/complaints/summary?from={today.AddDays(-30):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        Assert.True(summary.GetProperty("received").GetInt32() >= 2);
        Assert.True(summary.GetProperty("byOutcome").GetProperty("upheld").GetInt32() >= 1);
        Assert.True(summary.GetProperty("openOverdue").GetInt32() >= 1);
        // What she said stays in the register: no event, no message carries it.
        Assert.Equal(0, await service.CountAsync("select count(*) from participant.mt_events where data::text like '%anstånd%'"));
        Assert.Equal(0, await service.CountAsync("select count(*) from neem_queues.wolverine_queue_impact where encode(body, 'escape') like '%anst%nd%'"));
    }

    [Fact]
    public async Task her_erasure_blanks_what_she_wrote_and_what_she_was_answered_but_keeps_the_complaint_counted()
    {
        var participant = await service.RegisteredAsync(_advisor);
        var id = Guid.NewGuid();
        await (await _advisor.PostAsJsonAsync("/api/complaints", Complaint(id, participant, SwedishToday.Date.ToString("yyyy-MM-dd"),
            "Min granne Fatima Olsson fick veta om mitt lån."))).JsonAsync();

        (await _manager.PostAsJsonAsync($"/api/participants/{participant}/erasure",
            new { basis = "participant-request", erasedOn = ParticipantService.Today })).EnsureSuccessStatusCode();

        var complaint = await _manager.GetFromJsonAsync<JsonElement>($"/api/complaints/{id}");
        Assert.DoesNotContain("Fatima", complaint.GetProperty("summary").GetString());
        Assert.Equal("repayment-and-collection", complaint.GetProperty("category").GetString());
    }

    [Fact]
    public async Task a_complaint_names_what_is_missing_and_another_regions_complaint_is_not_found()
    {
        var missing = await _advisor.PostAsJsonAsync("/api/complaints", new
        {
            complaintId = Guid.NewGuid(),
            from = "participant",
            channel = "fax",
            category = "service",
            summary = "",
            receivedOn = "2099-01-01"
        });
        var id = Guid.NewGuid();
        await (await _advisor.PostAsJsonAsync("/api/complaints", new
        {
            complaintId = id,
            from = "other",
            channel = "letter",
            category = "service",
            summary = "Lokalen var stängd.",
            receivedOn = ParticipantService.Today
        })).JsonAsync();
        var fromOrebro = await service.StaffClient(region: "orebro").GetAsync($"/api/complaints/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["channel", "participantId", "receivedOn", "summary"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.True(fromOrebro.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden);
    }

    [Fact]
    public void the_funders_counts_are_taken_from_the_period()
    {
        Complaint C(string received, string? answered, string? closed, string? outcome) => new()
        {
            ReceivedOn = DateOnly.Parse(received),
            AnswerDueOn = DateOnly.Parse(received).AddDays(14),
            AnsweredOn = answered is null ? null : DateOnly.Parse(answered),
            ClosedOn = closed is null ? null : DateOnly.Parse(closed),
            Outcome = outcome,
            Category = "service",
            Channel = "phone"
        };

        var summary = ComplaintEndpoints.Summarise(
        [
            C("2026-01-05", "2026-01-10", "2026-01-12", "upheld"),
            C("2026-01-20", "2026-02-20", "2026-02-21", "not-upheld"), // answered 17 days late
            C("2026-02-01", null, null, null), // overdue at the end of February
            C("2025-12-01", null, "2026-01-03", "withdrawn")
        ], new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 28));

        Assert.Equal((3, 3, 1, 1), (summary.Received, summary.Closed, summary.AnsweredLate, summary.OpenOverdue));
        Assert.Equal(1, summary.ByOutcome["withdrawn"]);
    }
}

/// <summary>A funder that requires identity numbers gets them from a region manager, every number audited.</summary>
public class a_funder_report_with_identity_numbers(ParticipantService service) : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task only_a_region_manager_gets_them_only_for_selected_participants_each_audited_and_a_few_times_a_day()
    {
        var advisor = service.StaffClient();
        await service.RoomyGroupAsync();
        var number = People.NewNumber();
        var selected = await service.RegisteredAsync(advisor, number: number);
        await ParticipantService.InterviewAsync(advisor, selected);
        await ParticipantService.SelectAsync(advisor, selected);
        var onlyReferred = await service.RegisteredAsync(advisor);
        var manager = service.StaffClient("region-manager", subject: "manager-funder");
        object Request() => new { month = "2026-12", participantIds = new[] { selected, onlyReferred, Guid.NewGuid() }, reason = "ESF-rapport för december till Svenska ESF-rådet" };

        var byAdvisor = await advisor.PostAsJsonAsync("/api/audit/funder-report-identities", Request());
        var byAdministrator = await service.StaffClient("administrator").PostAsJsonAsync("/api/audit/funder-report-identities", Request());
        var noReason = await manager.PostAsJsonAsync("/api/audit/funder-report-identities", new { month = "2026-12", participantIds = new[] { selected }, reason = "x" });
        var answer = await (await manager.PostAsJsonAsync("/api/audit/funder-report-identities", Request())).JsonAsync();

        Assert.Equal(HttpStatusCode.Forbidden, byAdvisor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAdministrator.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var shown = Assert.Single(answer.GetProperty("participants").EnumerateArray());
        Assert.Equal(selected, shown.GetProperty("participantId").GetGuid());
        Assert.Equal(12, shown.GetProperty("personalIdentityNumber").GetString()!.Replace("-", "").Length);
        var audit = await manager.GetFromJsonAsync<JsonElement>($"/api/audit/identity-reveals?participantId={selected}");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("purpose").GetString() == "funder-report"
            && e.GetProperty("staffId").GetString() == "manager-funder");

        for (var i = 1; i < FunderReportIdentities.RequestsPerDay; i++)
        {
            (await manager.PostAsJsonAsync("/api/audit/funder-report-identities", Request())).EnsureSuccessStatusCode();
        }

        var beyond = await manager.PostAsJsonAsync("/api/audit/funder-report-identities", Request());
        Assert.Equal(HttpStatusCode.TooManyRequests, beyond.StatusCode);
        Assert.DoesNotContain(number[..8], await beyond.Content.ReadAsStringAsync());
    }
}

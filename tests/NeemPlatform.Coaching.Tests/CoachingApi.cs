using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Contracts;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Coaching.Tests;

public sealed class CoachingService : ServiceFixture<Program>
{
    public override string Service => "coaching";
}

/// <summary>The Coaching service in-process on a real PostgreSQL, fed through its real PostgreSQL queue.</summary>
public class coaching_service(CoachingService service) : IClassFixture<CoachingService>
{
    private readonly HttpClient _http = service.Host.Server.CreateClient();

    private Task<long> EventsInStream(Guid id) => service.EventsInStreamAsync(id);

    private Task<long> QueuedFor(string queue, string identity, Guid id) => service.QueuedForAsync(queue, identity, id);

    private async Task<Guid> EnrolAsync()
    {
        var id = Guid.NewGuid();
        await service.ThroughQueuesAsync(
            new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), id, "stockholm", Guid.NewGuid(), new DateOnly(2026, 2, 1), "female", true, "30-39", "newly-arrived", "partner-referral", DateTimeOffset.UtcNow));
        return id;
    }

    [Fact]
    public async Task a_selection_delivered_twice_enrols_her_once_and_tells_impact_once()
    {
        var id = Guid.NewGuid();
        var selected = new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), id, "stockholm", Guid.NewGuid(), new DateOnly(2026, 2, 1), "female", true, "30-39", "newly-arrived", "partner-referral", DateTimeOffset.UtcNow);

        await service.ThroughQueuesAsync(selected, times: 2);

        var enrolment = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}");
        Assert.Equal("enrolled", enrolment.GetProperty("status").GetString());
        Assert.Equal("2026-02-01", enrolment.GetProperty("enrolledOn").GetString());
        Assert.Equal(1, await EventsInStream(id));
        Assert.Equal(1, await QueuedFor(Queues.Impact, "neem.coaching.enrolled.v1", id));
    }

    [Fact]
    public async Task a_selection_for_another_region_enrols_nobody()
    {
        var id = Guid.NewGuid();

        await service.ThroughQueuesAsync(new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), id, "vasteras", Guid.NewGuid(), new DateOnly(2026, 2, 1), "female", true, "30-39", "newly-arrived", "partner-referral", DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/enrolments/{id}")).StatusCode);
    }

    [Fact]
    public async Task approving_the_plan_publishes_the_exact_financing_need_to_lending_and_impact_once()
    {
        var id = await EnrolAsync();
        var plan = new { financingNeedSek = 85000.55m, expectedMonthlySurplusSek = 4200.10m, approvedOn = "2026-05-01" };

        var first = await _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval", plan);
        var retry = await _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval", plan);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var enrolment = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}");
        Assert.Equal(85000.55m, enrolment.GetProperty("financingNeedSek").GetDecimal());
        Assert.Equal(2, await EventsInStream(id));
        Assert.Equal(1, await QueuedFor(Queues.Lending, "neem.coaching.business-plan-approved.v1", id));
        Assert.Equal(1, await QueuedFor(Queues.Impact, "neem.coaching.business-plan-approved.v1", id));
        Assert.Equal(1, await TransportTables.CountAsync(service.ConnectionString,
            "select count(*) from neem_queues.wolverine_queue_lending where encode(body, 'escape') like '%85000.55%' " +
            $"and encode(body, 'escape') like '%{id}%'"));
    }

    [Fact]
    public async Task eight_advisors_approving_different_figures_at_once_leave_exactly_one_approval()
    {
        var id = await EnrolAsync();

        var answers = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval",
                new { financingNeedSek = 10_000m + i, expectedMonthlySurplusSek = 1000m, approvedOn = "2026-05-01" })));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK),
            a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity }));
        Assert.Equal(2, await EventsInStream(id));
        Assert.Equal(1, await QueuedFor(Queues.Lending, "neem.coaching.business-plan-approved.v1", id));
        var winner = await answers.Single(a => a.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<JsonElement>();
        var stored = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}");
        Assert.Equal(winner.GetProperty("financingNeedSek").GetDecimal(), stored.GetProperty("financingNeedSek").GetDecimal());
    }

    [Fact]
    public async Task impossible_figures_are_a_400_naming_each_field_and_store_nothing()
    {
        var id = await EnrolAsync();

        var response = await _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval",
            new { financingNeedSek = -5m, expectedMonthlySurplusSek = 10.001m, approvedOn = "2026-05-01" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["expectedMonthlySurplusSek", "financingNeedSek"], (await response.ReadProblemAsync()).ErrorFields());
        Assert.Equal(1, await EventsInStream(id));
    }

    [Fact]
    public async Task a_string_where_an_amount_belongs_is_a_400_naming_the_field()
    {
        var id = await EnrolAsync();

        var response = await _http.PostAsync($"/api/enrolments/{id}/business-plan/approval", new StringContent(
            """{"financingNeedSek":"lots","expectedMonthlySurplusSek":1,"approvedOn":"2026-05-01"}""",
            System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("financingNeedSek", (await response.ReadProblemAsync()).ToString());
    }

    [Fact]
    public async Task approving_for_someone_not_enrolled_is_a_404_problem()
    {
        var response = await _http.PostAsJsonAsync($"/api/enrolments/{Guid.NewGuid()}/business-plan/approval",
            new { financingNeedSek = 1m, expectedMonthlySurplusSek = 1m, approvedOn = "2026-05-01" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await response.ReadProblemAsync();
    }
}

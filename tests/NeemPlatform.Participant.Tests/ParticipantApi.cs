using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NeemPlatform.Contracts;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

public sealed class ParticipantService : ServiceFixture<Program>
{
    public override string Service => "participant";
}

/// <summary>The Participant service in-process on a real PostgreSQL, with the real outbox and queues.</summary>
public class participant_api(ParticipantService service) : IClassFixture<ParticipantService>
{
    private readonly HttpClient _http = service.Host.Server.CreateClient();

    private static object Registration(Guid id, string targetGroup = "newly-arrived") => new
    {
        participantId = id,
        source = "walk-in",
        targetGroup,
        gender = "female",
        foreignBackground = true,
        registeredOn = "2026-01-10"
    };

    private Task<long> EventsInStream(Guid id) => service.EventsInStreamAsync(id);

    private static Task<JsonElement> ProblemOf(HttpResponseMessage response) => response.ReadProblemAsync();

    [Fact]
    public async Task registering_answers_201_and_the_same_request_again_answers_200_without_a_second_event()
    {
        var id = Guid.NewGuid();

        var first = await _http.PostAsJsonAsync("/api/participants", Registration(id));
        var again = await _http.PostAsJsonAsync("/api/participants", Registration(id));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"/api/participants/{id}", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var stored = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("registered", stored.GetProperty("status").GetString());
        Assert.Equal(1, await EventsInStream(id));
    }

    [Fact]
    public async Task registering_a_known_id_with_other_details_is_a_409_and_stores_nothing()
    {
        var id = Guid.NewGuid();
        await _http.PostAsJsonAsync("/api/participants", Registration(id));

        var conflicting = await _http.PostAsJsonAsync("/api/participants", Registration(id, "other"));

        Assert.Equal(HttpStatusCode.Conflict, conflicting.StatusCode);
        Assert.Equal(409, (await ProblemOf(conflicting)).GetProperty("status").GetInt32());
        Assert.Equal(1, await EventsInStream(id));
        var stored = await _http.GetFromJsonAsync<JsonElement>($"/api/participants/{id}");
        Assert.Equal("newly-arrived", stored.GetProperty("targetGroup").GetString());
    }

    [Fact]
    public async Task selecting_publishes_one_ParticipantSelected_to_coaching_and_impact_even_when_sent_twice()
    {
        var id = Guid.NewGuid();
        await _http.PostAsJsonAsync("/api/participants", Registration(id));

        var first = await _http.PostAsJsonAsync($"/api/participants/{id}/selection", new { selectedOn = "2026-02-01" });
        var retry = await _http.PostAsJsonAsync($"/api/participants/{id}/selection", new { selectedOn = "2026-02-01" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, await EventsInStream(id));
        foreach (var queue in new[] { Queues.Coaching, Queues.Impact })
        {
            Assert.Equal(1, await service.QueuedForAsync(queue, "neem.participant.selected.v1", id));
        }
    }

    [Fact]
    public async Task a_participant_who_left_gets_the_follow_up_impact_sends_once_however_often_it_arrives()
    {
        var id = Guid.NewGuid();
        await _http.PostAsJsonAsync("/api/participants", Registration(id));
        await _http.PostAsJsonAsync($"/api/participants/{id}/selection", new { selectedOn = "2026-02-01" });
        var left = await _http.PostAsJsonAsync($"/api/participants/{id}/leaving", new { outcome = "employment", leftOn = "2026-06-30" });
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);

        var due = new FollowUpDue(Guid.NewGuid(), id, "stockholm", new DateOnly(2026, 6, 30), new DateOnly(2026, 12, 30),
            DateTimeOffset.UtcNow);
        // Two deliveries of the same fact, as two envelopes through the real PostgreSQL queue.
        await service.ThroughQueuesAsync(due, times: 2);

        var participant = await _http.GetFromJsonAsync<JsonElement>($"/api/participants/{id}");
        Assert.Equal("2026-12-30", participant.GetProperty("followUpDueOn").GetString());
        Assert.Equal(4, await EventsInStream(id)); // registered, selected, left, one follow-up
    }

    [Fact]
    public async Task a_follow_up_for_another_region_is_ignored()
    {
        var id = Guid.NewGuid();
        await _http.PostAsJsonAsync("/api/participants", Registration(id));
        var due = new FollowUpDue(Guid.NewGuid(), id, "orebro", new DateOnly(2026, 6, 30), new DateOnly(2026, 12, 30), DateTimeOffset.UtcNow);

        await service.ThroughQueuesAsync(due);

        Assert.Equal(1, await EventsInStream(id));
    }

    [Theory]
    [InlineData("{not json", "$")]
    [InlineData("""{"participantId":"not-a-guid","source":"walk-in","targetGroup":"other","registeredOn":"2026-01-01"}""", "participantId")]
    [InlineData("""{"participantId":"0195a000-0000-7000-8000-0000000000ff","source":"walk-in","targetGroup":"other","registeredOn":"31/12/2026"}""", "registeredOn")]
    [InlineData("""{"participantId":"0195a000-0000-7000-8000-0000000000ff","source":"walk-in","registeredOn":"2026-01-01"}""", "targetGroup")]
    [InlineData("""{"participantId":"0195a000-0000-7000-8000-0000000000ff","source":null,"targetGroup":"other","registeredOn":"2026-01-01"}""", "source")]
    [InlineData("[]", "$")]
    public async Task a_malformed_body_is_a_400_problem_that_names_the_field_and_stores_nothing(string body, string field)
    {
        var response = await _http.PostAsync("/api/participants", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemOf(response);
        var text = problem.ToString();
        Assert.Contains(field, text);
        Assert.DoesNotContain("   at ", text); // no stack trace
        Assert.Equal(0, await EventsInStream(Guid.Parse("0195a000-0000-7000-8000-0000000000ff")));
    }

    [Fact]
    public async Task invalid_values_are_a_400_problem_listing_each_field()
    {
        var response = await _http.PostAsJsonAsync("/api/participants", new
        {
            participantId = Guid.Empty,
            source = "carrier-pigeon",
            targetGroup = "everyone",
            registeredOn = "1899-12-31"
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["participantId", "registeredOn", "source", "targetGroup"], (await ProblemOf(response)).ErrorFields());
    }

    [Fact]
    public async Task commands_on_an_unknown_participant_are_404_problems()
    {
        var id = Guid.NewGuid();

        var selection = await _http.PostAsJsonAsync($"/api/participants/{id}/selection", new { selectedOn = "2026-02-01" });
        var reading = await _http.GetAsync($"/api/participants/{id}");

        Assert.Equal(HttpStatusCode.NotFound, selection.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reading.StatusCode);
        Assert.Equal(404, (await ProblemOf(reading)).GetProperty("status").GetInt32());
        Assert.Equal(0, await EventsInStream(id));
    }

    [Fact]
    public async Task a_refused_selection_is_a_422_problem_and_publishes_nothing()
    {
        var id = Guid.NewGuid();
        await _http.PostAsJsonAsync("/api/participants", Registration(id));

        var response = await _http.PostAsJsonAsync($"/api/participants/{id}/selection", new { selectedOn = "2025-12-31" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("before her registration", (await ProblemOf(response)).GetProperty("detail").GetString());
        Assert.Equal(1, await EventsInStream(id));
    }

    [Fact]
    public async Task health_reports_the_region_and_a_reachable_database()
    {
        var health = await _http.GetFromJsonAsync<JsonElement>("/health");
        var info = await _http.GetFromJsonAsync<JsonElement>("/api/info");

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());
        Assert.Equal("stockholm", health.GetProperty("region").GetString());
        Assert.Equal("stockholm", info.GetProperty("region").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task the_openapi_document_describes_the_participant_endpoints_and_the_api_page_is_served()
    {
        var document = await _http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/participants", paths);
        Assert.Contains("/api/participants/{participantId}/selection", paths);
        Assert.Contains("/api/participants/{participantId}/leaving", paths);
        var page = await _http.GetAsync("/api-docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task an_unknown_route_is_a_404_problem()
    {
        var response = await _http.GetAsync("/api/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

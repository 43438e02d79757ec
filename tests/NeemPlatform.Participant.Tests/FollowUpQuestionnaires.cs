using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Contracts;
using NeemPlatform.Participant.Participants.FollowingUp;

namespace NeemPlatform.Participant.Tests;

/// <summary>Follow-ups as questionnaires: answered by the advisor on a call, or by her through a one-time link without an account.</summary>
public class when_a_participant_answers_her_follow_up(ParticipantService service) : IClassFixture<ParticipantService>
{
    private readonly HttpClient _staff = service.StaffClient();

    private async Task<Guid> ExitedAsync(string lastName = "Testsson")
    {
        await service.RoomyGroupAsync();
        var id = await service.RegisteredAsync(_staff, lastName: lastName);
        await ParticipantService.InterviewAsync(_staff, id);
        await ParticipantService.SelectAsync(_staff, id);
        (await _staff.PostAsJsonAsync($"/api/participants/{id}/exit", new { exitedOn = ParticipantService.Today, reason = "completed" }))
            .EnsureSuccessStatusCode();
        return id;
    }

    private async Task<JsonElement> LinkAsync(Guid id, string point = "six-months")
    {
        var response = await _staff.PostAsync($"/api/participants/{id}/follow-ups/{point}/link", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    private static readonly object CompanyAnswers = new
    {
        status = "own-company",
        answers = new
        {
            questionnaireVersion = 1,
            companyTrading = true,
            turnover = "100k-500k",
            employees = "one",
            socialEnterprise = false,
            outsideFinancing = true,
            financiers = new[] { "bank", "almi" },
            income = "20k-30k",
            selfAssessment = 4
        }
    };

    [Fact]
    public async Task the_link_opens_her_questionnaire_once_and_her_answers_become_her_follow_up()
    {
        var id = await ExitedAsync();
        var link = await LinkAsync(id);
        var token = link.GetProperty("token").GetString()!;
        var anonymous = service.Host.Server.CreateClient();

        var form = await anonymous.GetAsync($"/api/follow-up-links/{token}");
        var answered = await anonymous.PostAsJsonAsync($"/api/follow-up-links/{token}", CompanyAnswers);
        var again = await anonymous.PostAsJsonAsync($"/api/follow-up-links/{token}", CompanyAnswers);
        var reopened = await anonymous.GetAsync($"/api/follow-up-links/{token}");

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var questionnaire = (await form.JsonAsync()).GetProperty("questionnaire");
        Assert.Equal(1, questionnaire.GetProperty("version").GetInt32());
        Assert.Contains(questionnaire.GetProperty("questions").EnumerateArray(), q => q.GetProperty("field").GetString() == "financiers");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal("https://neem.se/problems/link-gone", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Gone, reopened.StatusCode);
        var followUp = Assert.Single((await _staff.GetFromJsonAsync<JsonElement>($"/api/participants/{id}")).GetProperty("participant")
            .GetProperty("followUps").EnumerateArray());
        Assert.Equal(("six-months", "own-company", "participant"),
            (followUp.GetProperty("point").GetString(), followUp.GetProperty("status").GetString(), followUp.GetProperty("answeredBy").GetString()));
        Assert.Equal(["almi", "bank"], followUp.GetProperty("answers").GetProperty("financiers").EnumerateArray().Select(f => f.GetString()));
        // Impact hears it once, with the answers as codes and nothing that names her.
        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.participant.followed-up.v1", id));
        Assert.Equal(1, await service.CountAsync(
            $"select count(*) from neem_queues.wolverine_queue_impact where message_type = 'neem.participant.followed-up.v1' " +
            $"and encode(body, 'escape') like '%{id}%' and encode(body, 'escape') like '%100k-500k%' and encode(body, 'escape') not like '%Testsson%'"));
        // The database keeps only the link's hash: the working link is nowhere in it.
        Assert.Equal(0, await service.CountAsync($"select count(*) from participant.mt_doc_followuplink where data::text like '%{token}%'"));
    }

    [Fact]
    public async Task an_expired_link_or_one_replaced_by_a_newer_link_records_nothing()
    {
        var id = await ExitedAsync();
        var first = (await LinkAsync(id, "twelve-months")).GetProperty("token").GetString()!;
        var second = (await LinkAsync(id, "twelve-months")).GetProperty("token").GetString()!;
        var anonymous = service.Host.Server.CreateClient();

        var replaced = await anonymous.PostAsJsonAsync($"/api/follow-up-links/{first}", new { status = "employment" });
        // Time passes beyond the link's last day.
        await using (var session = service.Store.LightweightSession())
        {
            var link = await session.LoadAsync<FollowUpLink>(FollowUpLinks.Hash(second));
            link!.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            session.Store(link);
            await session.SaveChangesAsync();
        }

        var expired = await anonymous.PostAsJsonAsync($"/api/follow-up-links/{second}", new { status = "employment" });

        Assert.Equal(HttpStatusCode.Gone, replaced.StatusCode);
        Assert.Contains("newer link", (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("expired", (await expired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var participant = (await _staff.GetFromJsonAsync<JsonElement>($"/api/participants/{id}")).GetProperty("participant");
        Assert.Equal(JsonValueKind.Null, participant.GetProperty("followUps").ValueKind);
    }

    [Fact]
    public async Task an_unknown_or_forged_link_is_not_found_and_bad_answers_are_named_without_using_the_link()
    {
        var id = await ExitedAsync();
        var token = (await LinkAsync(id, "at-exit")).GetProperty("token").GetString()!;
        var anonymous = service.Host.Server.CreateClient();

        var forged = await anonymous.GetAsync($"/api/follow-up-links/{token[..^1]}{(token[^1] == 'A' ? 'B' : 'A')}");
        var garbage = await anonymous.GetAsync("/api/follow-up-links/..%2F..%2Fapi%2Fparticipants");
        var companyWithoutCompany = await anonymous.PostAsJsonAsync($"/api/follow-up-links/{token}",
            new { status = "employment", answers = new { questionnaireVersion = 1, turnover = "over-1m", financiers = new[] { "bank" } } });
        var noAnswerFromHer = await anonymous.PostAsJsonAsync($"/api/follow-up-links/{token}", new { status = "no-answer" });
        var stillWorks = await anonymous.GetAsync($"/api/follow-up-links/{token}");

        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, companyWithoutCompany.StatusCode);
        var errors = (await companyWithoutCompany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("answers.companyTrading", out _));
        Assert.True(errors.TryGetProperty("answers.financiers", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noAnswerFromHer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task a_link_is_issued_only_after_she_left_and_only_in_the_advisors_region()
    {
        var inProgramme = await service.RegisteredAsync(_staff);
        var exited = await ExitedAsync();

        var early = await _staff.PostAsync($"/api/participants/{inProgramme}/follow-ups/six-months/link", null);
        var otherRegion = await service.StaffClient(region: "orebro").PostAsync($"/api/participants/{exited}/follow-ups/six-months/link", null);
        var badPoint = await _staff.PostAsync($"/api/participants/{exited}/follow-ups/nine-months/link", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.True(otherRegion.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.BadRequest, badPoint.StatusCode);
    }

    [Fact]
    public async Task the_advisor_records_no_answer_when_she_cannot_reach_her_and_a_later_link_answer_is_refused()
    {
        var id = await ExitedAsync();
        var token = (await LinkAsync(id, "twelve-months")).GetProperty("token").GetString()!;

        var noAnswer = await _staff.PostAsJsonAsync($"/api/participants/{id}/follow-ups",
            new { point = "twelve-months", status = "no-answer", followedUpOn = ParticipantService.Today });
        var noAnswerWithAnswers = await _staff.PostAsJsonAsync($"/api/participants/{id}/follow-ups",
            new { point = "at-exit", status = "no-answer", followedUpOn = ParticipantService.Today, answers = new { questionnaireVersion = 1, income = "none" } });
        var late = await service.Host.Server.CreateClient().PostAsJsonAsync($"/api/follow-up-links/{token}", new { status = "employment" });

        Assert.Equal(HttpStatusCode.OK, noAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noAnswerWithAnswers.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
    }

    [Fact]
    public void a_links_token_never_reaches_a_trace()
    {
        const string token = "Ke_NYRf0W9tL2ppPrv6xXyvXb6vwuF_vlVCKOcA_png";

        Assert.Equal("/api/follow-up-links/{token}", Microsoft.Extensions.Hosting.OneTimeLinks.Redact($"/api/follow-up-links/{token}"));
        Assert.Equal("/uppfoljning/{token}", Microsoft.Extensions.Hosting.OneTimeLinks.Redact($"/UPPFOLJNING/{token}"));
        Assert.Null(Microsoft.Extensions.Hosting.OneTimeLinks.Redact("/api/participants"));
    }

    [Fact]
    public void a_link_works_until_its_last_moment_and_not_after_use()
    {
        var now = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
        var link = new FollowUpLink { ExpiresAt = now.AddSeconds(1) };

        Assert.Null(link.GoneAt(now));
        Assert.NotNull(link.GoneAt(now.AddSeconds(1)));
        link.UsedAt = now;
        Assert.NotNull(link.GoneAt(now));
    }
}

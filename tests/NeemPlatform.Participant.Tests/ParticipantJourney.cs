using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Contracts;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

/// <summary>Selection, network groups, profile, outcomes and follow-ups through the advisors' API.</summary>
public class when_advisors_take_a_participant_through_the_programme(ParticipantService service) : IClassFixture<ParticipantService>
{
    private readonly HttpClient _staff = service.StaffClient();

    private async Task<JsonElement> Participant(Guid id) =>
        (await _staff.GetFromJsonAsync<JsonElement>($"/api/participants/{id}")).GetProperty("participant");

    [Fact]
    public async Task a_walk_in_registered_twice_is_one_participant()
    {
        var number = People.NewNumber();
        var first = await _staff.PostAsJsonAsync("/api/participants", new { source = "walk-in", person = People.Referral(number) });
        var again = await _staff.PostAsJsonAsync("/api/participants", new { source = "recommendation", person = People.Referral(number) });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var id = (await first.JsonAsync()).GetProperty("participantId").GetGuid();
        Assert.Equal(id, (await again.JsonAsync()).GetProperty("participantId").GetGuid());
        Assert.Equal(["walk-in", "recommendation"], (await Participant(id)).GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task a_workshop_invitation_and_attendance_are_on_her_record()
    {
        var id = await service.RegisteredAsync(_staff);
        var workshop = await (await _staff.PostAsJsonAsync("/api/workshops", new { scheduledOn = "2026-12-10", place = "Fittja bibliotek" })).JsonAsync();
        var workshopId = workshop.GetProperty("id").GetGuid();

        await (await _staff.PostAsJsonAsync($"/api/workshops/{workshopId}/invitations", new { participantIds = new[] { id } })).JsonAsync();
        await (await _staff.PostAsJsonAsync($"/api/workshops/{workshopId}/invitations", new { participantIds = new[] { id } })).JsonAsync();
        await (await _staff.PostAsJsonAsync($"/api/workshops/{workshopId}/attendance", new { participantId = id, attended = true })).JsonAsync();

        var participant = await Participant(id);
        Assert.Equal("invited", participant.GetProperty("status").GetString());
        var invitation = Assert.Single(participant.GetProperty("workshops").EnumerateArray());
        Assert.True(invitation.GetProperty("attended").GetBoolean());
        Assert.Equal(4, await service.EventsInStreamAsync(id)); // registered, referral, invited, attended
    }

    [Fact]
    public async Task inviting_an_unknown_participant_invites_no_one()
    {
        var id = await service.RegisteredAsync(_staff);
        var workshop = await (await _staff.PostAsJsonAsync("/api/workshops", new { scheduledOn = "2026-12-11", place = "Tensta träff" })).JsonAsync();

        var response = await _staff.PostAsJsonAsync($"/api/workshops/{workshop.GetProperty("id").GetGuid()}/invitations",
            new { participantIds = new[] { id, Guid.NewGuid() } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(2, await service.EventsInStreamAsync(id));
    }

    [Fact]
    public async Task selecting_her_places_her_in_a_group_and_tells_coaching_and_impact_once()
    {
        var groupId = await service.RoomyGroupAsync();
        var id = await service.RegisteredAsync(_staff);
        await ParticipantService.InterviewAsync(_staff, id);

        var selected = await ParticipantService.SelectAsync(_staff, id);
        var again = await ParticipantService.SelectAsync(_staff, id);

        Assert.Equal("in-programme", selected.GetProperty("status").GetString());
        Assert.Equal(groupId, selected.GetProperty("networkGroupId").GetGuid());
        Assert.Equal("in-programme", again.GetProperty("status").GetString());
        Assert.Equal(1, await service.QueuedForAsync(Queues.Coaching, "neem.participant.assigned-to-network-group.v1", id));
        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.participant.selected.v1", id));
        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.participant.assigned-to-network-group.v1", id));
        Assert.Equal(0, await service.QueuedForAsync(Queues.Impact, "neem.participant.not-selected.v1", id));
    }

    [Fact]
    public async Task selection_needs_an_interview_a_permit_and_a_target_group()
    {
        var noInterview = await service.RegisteredAsync(_staff);
        var noPermit = await service.RegisteredAsync(_staff, permit: false);
        var otherGroup = await service.RegisteredAsync(_staff, targetGroup: "other");
        await ParticipantService.InterviewAsync(_staff, noPermit);
        await ParticipantService.InterviewAsync(_staff, otherGroup);

        foreach (var (id, words) in new[] { (noInterview, "Interview her first"), (noPermit, "permanent residence permit"), (otherGroup, "target groups") })
        {
            var response = await _staff.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "selected", decidedOn = ParticipantService.Today });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(words, (await response.ReadProblemAsync()).GetProperty("detail").GetString());
            Assert.Equal(0, await service.QueuedForAsync(Queues.Impact, "neem.participant.selected.v1", id));
        }
    }

    [Fact]
    public async Task not_selecting_needs_a_reason_code_and_is_published()
    {
        var id = await service.RegisteredAsync(_staff);
        var withoutReason = await _staff.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "not-selected", decidedOn = ParticipantService.Today });
        var withReason = await _staff.PostAsJsonAsync($"/api/participants/{id}/decision",
            new { decision = "not-selected", decidedOn = ParticipantService.Today, reason = "declined", comment = "Moving to Malmö." });

        Assert.Equal(["reason"], (await withoutReason.ReadProblemAsync()).ErrorFields());
        Assert.Equal("not-selected", (await withReason.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.participant.not-selected.v1", id));
        Assert.Equal(0, await service.CountAsync("select count(*) from participant.mt_events where data::text like '%Malmö%'"));
    }

    [Fact]
    public async Task her_profile_gives_the_foreign_background_and_an_unchanged_profile_stores_nothing()
    {
        var id = await service.RegisteredAsync(_staff);
        var profile = new
        {
            gender = "female",
            bornAbroad = false,
            parentBornAbroad = true,
            educationLevel = "secondary",
            languages = new[] { "somali", "swedish" },
            municipality = "Botkyrka",
            familyInvolvedInBusinessIdea = true,
            languageTrainingNeed = "basic"
        };

        var updated = await (await _staff.PutAsJsonAsync($"/api/participants/{id}/profile", profile)).JsonAsync();
        await (await _staff.PutAsJsonAsync($"/api/participants/{id}/profile", profile)).JsonAsync();

        Assert.True(updated.GetProperty("foreignBackground").GetBoolean());
        Assert.Equal("secondary", updated.GetProperty("educationLevel").GetString());
        Assert.Equal(3, await service.EventsInStreamAsync(id));
        // The MIS hears of the change once (the unchanged second profile publishes nothing), without her municipality or languages.
        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.participant.profile-changed.v1", id));
        Assert.Equal(0, await service.CountAsync("select count(*) from neem_queues.wolverine_queue_impact where message_type = " +
            $"'neem.participant.profile-changed.v1' and encode(body, 'escape') like '%{id}%' and (encode(body, 'escape') like '%Botkyrka%' or encode(body, 'escape') like '%somali%')"));

        // Only what the MIS counts by is published: a new language alone changes her profile but not the MIS.
        await (await _staff.PutAsJsonAsync($"/api/participants/{id}/profile", profile with { languages = new[] { "somali", "swedish", "english" } })).JsonAsync();
        Assert.Equal(4, await service.EventsInStreamAsync(id));
        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.participant.profile-changed.v1", id));
    }

    [Fact]
    public async Task a_started_social_enterprise_is_published_without_its_organisation_number_and_exit_carries_the_next_step()
    {
        await service.RoomyGroupAsync();
        var id = await service.RegisteredAsync(_staff);
        await ParticipantService.InterviewAsync(_staff, id);
        await ParticipantService.SelectAsync(_staff, id);

        var outcome = await _staff.PostAsJsonAsync($"/api/participants/{id}/outcomes", new
        {
            outcome = "started-company",
            outcomeOn = ParticipantService.Today,
            company = new { organisationNumber = "556016-0680", companyForm = "economic-association", startedOn = ParticipantService.Today, socialEnterprise = true }
        });
        await outcome.JsonAsync();
        var exit = await (await _staff.PostAsJsonAsync($"/api/participants/{id}/exit", new { exitedOn = ParticipantService.Today, reason = "completed" })).JsonAsync();

        // Her co-founder records the same enterprise (its number written another way): both facts carry one enterprise pseudonym.
        var coFounder = await service.RegisteredAsync(_staff);
        await ParticipantService.InterviewAsync(_staff, coFounder);
        await ParticipantService.SelectAsync(_staff, coFounder);
        await (await _staff.PostAsJsonAsync($"/api/participants/{coFounder}/outcomes", new
        {
            outcome = "started-company",
            outcomeOn = ParticipantService.Today,
            company = new { organisationNumber = "5560160680", companyForm = "economic-association", startedOn = ParticipantService.Today, socialEnterprise = true }
        })).JsonAsync();
        var enterprises = await service.CountAsync("select count(distinct substring(lower(encode(body, 'escape')) from '\"enterpriseid\":\"([0-9a-f-]{36})\"')) " +
            $"from neem_queues.wolverine_queue_impact where message_type = 'neem.participant.outcome-recorded.v1' and (encode(body, 'escape') like '%{id}%' or encode(body, 'escape') like '%{coFounder}%')");
        Assert.Equal(1, enterprises);
        var followUp = await _staff.PostAsJsonAsync($"/api/participants/{id}/follow-ups", new { point = "at-exit", status = "own-company", followedUpOn = ParticipantService.Today });
        var conflicting = await _staff.PostAsJsonAsync($"/api/participants/{id}/follow-ups", new { point = "at-exit", status = "job-seeking", followedUpOn = ParticipantService.Today });

        Assert.Equal("exited", exit.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflicting.StatusCode);
        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.participant.outcome-recorded.v1", id));
        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.participant.left-programme.v1", id));
        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.participant.followed-up.v1", id));
        Assert.Equal(0, await service.CountAsync(
            "select count(*) from neem_queues.wolverine_queue_impact where encode(body, 'escape') like '%5560160680%' or encode(body, 'escape') like '%556016-0680%'"));
        Assert.Equal(1, await service.CountAsync(
            $"select count(*) from neem_queues.wolverine_queue_impact where message_type = 'neem.participant.left-programme.v1' " +
            $"and encode(body, 'escape') like '%{id}%' and encode(body, 'escape') like '%started-company%'"));
    }

    [Fact]
    public async Task lists_mask_the_identity_number_and_the_whole_number_is_shown_only_on_an_audited_request()
    {
        var number = People.NewNumber();
        var id = await service.RegisteredAsync(_staff, number: number);

        var list = await _staff.GetStringAsync("/api/participants?pageSize=200");
        var one = await _staff.GetStringAsync($"/api/participants/{id}");
        await ParticipantService.InterviewAsync(_staff, id);
        // A region manager makes the interviewer her responsible advisor: only then may she see the whole number.
        (await service.StaffClient("region-manager").PutAsJsonAsync($"/api/participants/{id}/advisor", new { advisorId = "staff-1" }))
            .EnsureSuccessStatusCode();
        var withoutReason = await _staff.PostAsJsonAsync($"/api/participants/{id}/identity-number", new { purpose = "authority-report", reason = "" });
        var revealed = await (await _staff.PostAsJsonAsync($"/api/participants/{id}/identity-number",
            new { purpose = "authority-report", reason = "Skatteverket asked to confirm her F-tax registration" })).JsonAsync();

        Assert.DoesNotContain(number, list);
        Assert.Contains($"{number[..8]}-****", one);
        Assert.DoesNotContain(number, one);
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal(number, revealed.GetProperty("personalIdentityNumber").GetString());
        Assert.Equal(1, await service.CountAsync(
            $"select count(*) from participant.mt_events where stream_id = '{id}' and type = 'identity_number_revealed' " +
            "and data->>'staffId' = 'staff-1' and data->>'reason' = 'authority-report'"));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Contracts;

namespace NeemPlatform.Participant.Tests;

/// <summary>A region's network groups fill up; the waiting list is served in order as places free up.</summary>
public class when_a_region_is_full(when_a_region_is_full.Region service) : IClassFixture<when_a_region_is_full.Region>
{
    /// <summary>Its own database: the region's groups and waiting list belong to this test alone.</summary>
    public sealed class Region : ParticipantService;

    [Fact]
    public async Task selected_people_wait_in_order_and_an_exit_or_a_new_group_admits_them()
    {
        var staff = service.StaffClient();
        var groupId = await service.GroupAsync(capacity: 2);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var id = await service.RegisteredAsync(staff);
            await ParticipantService.InterviewAsync(staff, id);
            await ParticipantService.SelectAsync(staff, id);
            ids.Add(id);
        }

        var groups = await staff.GetFromJsonAsync<JsonElement>("/api/network-groups");
        Assert.Equal(2, groups.GetProperty("groups")[0].GetProperty("members").GetInt32());
        Assert.Equal(ids.Skip(2), groups.GetProperty("waitingList").EnumerateArray().Select(w => w.GetProperty("participantId").GetGuid()));

        // One member leaves: the first in line gets her place.
        await (await staff.PostAsJsonAsync($"/api/participants/{ids[0]}/exit", new { exitedOn = ParticipantService.Today, reason = "moved" })).JsonAsync();
        var admitted = await staff.GetFromJsonAsync<JsonElement>($"/api/participants/{ids[2]}");
        Assert.Equal("in-programme", admitted.GetProperty("participant").GetProperty("status").GetString());
        Assert.Equal(groupId, admitted.GetProperty("participant").GetProperty("networkGroupId").GetGuid());
        Assert.Equal(1, await service.QueuedForAsync(Queues.Coaching, "neem.participant.assigned-to-network-group.v1", ids[2]));
        Assert.Equal(0, await service.QueuedForAsync(Queues.Coaching, "neem.participant.assigned-to-network-group.v1", ids[3]));

        // Raising the capacity admits the next one; a new group takes the last.
        var raised = await staff.PutAsJsonAsync($"/api/network-groups/{groupId}/capacity", new { capacity = 3, changedOn = ParticipantService.Today });
        Assert.Equal(HttpStatusCode.Forbidden, raised.StatusCode); // advisors cannot change groups
        await (await service.StaffClient("region-manager").PutAsJsonAsync($"/api/network-groups/{groupId}/capacity",
            new { capacity = 3, changedOn = ParticipantService.Today })).JsonAsync();
        var secondGroup = await service.GroupAsync(capacity: 10);

        var final = await staff.GetFromJsonAsync<JsonElement>("/api/network-groups");
        Assert.Empty(final.GetProperty("waitingList").EnumerateArray());
        var p3 = await staff.GetFromJsonAsync<JsonElement>($"/api/participants/{ids[3]}");
        var p4 = await staff.GetFromJsonAsync<JsonElement>($"/api/participants/{ids[4]}");
        Assert.Equal(groupId, p3.GetProperty("participant").GetProperty("networkGroupId").GetGuid());
        Assert.Equal(secondGroup, p4.GetProperty("participant").GetProperty("networkGroupId").GetGuid());

        var lower = await service.StaffClient("region-manager").PutAsJsonAsync($"/api/network-groups/{groupId}/capacity",
            new { capacity = 1, changedOn = ParticipantService.Today });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lower.StatusCode);
    }

    [Fact]
    public async Task concurrent_selections_never_overfill_a_group()
    {
        var staff = service.StaffClient();
        var groupId = await service.GroupAsync(capacity: 3);
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            var id = await service.RegisteredAsync(staff);
            await ParticipantService.InterviewAsync(staff, id);
            ids.Add(id);
        }

        // Other tests of this class may have left places in older groups: count what is free now.
        var before = await staff.GetFromJsonAsync<JsonElement>("/api/network-groups");
        var free = before.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("freePlaces").GetInt32());
        Assert.Empty(before.GetProperty("waitingList").EnumerateArray());

        var answers = await Task.WhenAll(ids.Select(id => staff.PostAsJsonAsync($"/api/participants/{id}/decision",
            new { decision = "selected", decidedOn = ParticipantService.Today })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var groups = await staff.GetFromJsonAsync<JsonElement>("/api/network-groups");
        Assert.All(groups.GetProperty("groups").EnumerateArray(),
            g => Assert.True(g.GetProperty("members").GetInt32() <= g.GetProperty("capacity").GetInt32()));
        var statuses = await Task.WhenAll(ids.Select(async id =>
            (await staff.GetFromJsonAsync<JsonElement>($"/api/participants/{id}")).GetProperty("participant").GetProperty("status").GetString()));
        Assert.Equal(Math.Min(8, free), statuses.Count(s => s == "in-programme"));
        Assert.Equal(8 - Math.Min(8, free), statuses.Count(s => s == "waiting-list"));
        Assert.Contains(groupId, groups.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("id").GetGuid()));
    }
}

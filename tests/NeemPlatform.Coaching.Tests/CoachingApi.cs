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
    private readonly HttpClient _http = service.StaffClient();

    private Task<long> EventsInStream(Guid id) => service.EventsInStreamAsync(id);

    private Task<long> QueuedFor(string queue, string identity, Guid id) => service.QueuedForAsync(queue, identity, id);

    private static ParticipantAssignedToNetworkGroup Assigned(Guid id, Guid? group = null, string region = "stockholm") =>
        new(Guid.NewGuid(), id, region, group ?? Guid.NewGuid(), new DateOnly(2026, 2, 2), "female", true, "30-39", "newly-arrived",
            "partner-referral", DateTimeOffset.UtcNow);

    private async Task<Guid> EnrolAsync(Guid? group = null)
    {
        var id = Guid.NewGuid();
        await service.ThroughQueuesAsync(Assigned(id, group));
        return id;
    }

    private async Task<long> VersionAsync(Guid id) =>
        (await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}")).GetProperty("version").GetInt64();

    private async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Ticks every mandatory item and approves every module of the current curriculum, in order.</summary>
    private async Task ApproveAllModulesAsync(Guid id)
    {
        var curriculum = await _http.GetFromJsonAsync<JsonElement>("/api/curriculum");
        foreach (var module in curriculum.GetProperty("modules").EnumerateArray().OrderBy(m => m.GetProperty("order").GetInt32()))
        {
            var code = module.GetProperty("code").GetString();
            foreach (var item in module.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("mandatory").GetBoolean()))
            {
                await OkAsync(await _http.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks", new
                {
                    moduleCode = code,
                    itemCode = item.GetProperty("code").GetString(),
                    tickedOn = "2026-03-02",
                    expectedVersion = await VersionAsync(id)
                }));
            }

            await OkAsync(await _http.PostAsJsonAsync($"/api/enrolments/{id}/modules/{code}/approval",
                new { approvedOn = "2026-03-02", expectedVersion = await VersionAsync(id) }));
        }
    }

    private static object Plan(long version, string rentLabel = "Rent") => new
    {
        idea = "A lunch-box kitchen for the industrial area",
        productOrService = "Home-cooked Eritrean lunch boxes",
        pricing = "89.50 SEK per box",
        marketAndCompetitors = "Two pizzerias, no home-cooked food",
        marketing = "Flyers and a WhatsApp group",
        companyForm = "sole-trader",
        incomeStatement = new
        {
            revenues = new[] { new { label = "Lunch boxes", unitPriceSek = 89.50m, quantity = 4000m } },
            costs = new[] { new { label = "Ingredients", amountSek = 160_000m }, new { label = rentLabel, amountSek = 72_000.40m } }
        },
        liquidityBudget = new
        {
            openingBalanceSek = 20_000m,
            months = new[] { new { month = 1, inflows = new[] { new { label = "Loan", amountSek = 85_000.55m } }, outflows = new[] { new { label = "Oven", amountSek = 50_000m } } } }
        },
        capitalNeeds = new { investments = new[] { new { label = "Oven", amountSek = 50_000m } }, workingCapitalSek = 40_000.55m, ownFundsSek = 5_000m },
        expectedVersion = version
    };

    [Fact]
    public async Task the_same_selection_message_three_times_gives_one_enrolment()
    {
        {
            var id = Guid.NewGuid();
            await service.ThroughQueuesAsync(Assigned(id), times: 3);

            var enrolment = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}");
            Assert.Equal("enrolled", enrolment.GetProperty("status").GetString());
            Assert.Equal("2026-02-02", enrolment.GetProperty("enrolledOn").GetString());
            var current = await _http.GetFromJsonAsync<JsonElement>("/api/curriculum");
            Assert.Equal(current.GetProperty("version").GetInt32(), enrolment.GetProperty("enrolment").GetProperty("curriculumVersion").GetInt32());
            Assert.Equal("2026-08-02", enrolment.GetProperty("enrolment").GetProperty("plannedEndOn").GetString());
            Assert.Equal(1, await EventsInStream(id));
            Assert.Equal(1, await QueuedFor(Queues.Impact, "neem.coaching.enrolled.v1", id));
        }
    }

    [Fact]
    public async Task a_selection_for_another_region_enrols_nobody()
    {
        var id = Guid.NewGuid();

        await service.ThroughQueuesAsync(Assigned(id, region: "vasteras"));

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/enrolments/{id}")).StatusCode);
    }

    [Fact]
    public async Task from_the_selection_message_to_an_approved_plan_whose_message_waits_for_lending()
    {
        var groupId = Guid.NewGuid();
        await OkAsync(await service.StaffClient("region-manager").PutAsJsonAsync($"/api/network-groups/{groupId}/advisor", new { advisorId = "fatima" }));
        var id = await EnrolAsync(groupId);
        Assert.Equal("fatima", (await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}")).GetProperty("enrolment").GetProperty("advisorId").GetString());

        var early = await _http.PutAsJsonAsync($"/api/enrolments/{id}/business-plan", Plan(await VersionAsync(id)));
        await OkAsync(early);
        var tooEarly = await _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval",
            new { approvedOn = "2026-05-01", expectedVersion = await VersionAsync(id) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooEarly.StatusCode);

        await ApproveAllModulesAsync(id);
        Assert.Equal(1, await QueuedFor(Queues.Impact, "neem.coaching.completed.v1", id));
        Assert.Equal(8, await QueuedFor(Queues.Impact, "neem.coaching.module-approved.v1", id));

        var approved = await OkAsync(await _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval",
            new { approvedOn = "2026-05-01", expectedVersion = await VersionAsync(id) }));
        Assert.Equal(85_000.55m, approved.GetProperty("enrolment").GetProperty("financingNeedSek").GetDecimal());
        Assert.Equal(1, await QueuedFor(Queues.Lending, "neem.coaching.business-plan-approved.v1", id));
        Assert.Equal(1, await TransportTables.CountAsync(service.ConnectionString,
            "select count(*) from neem_queues.wolverine_queue_lending where encode(body, 'escape') like '%85000.55%' " +
            $"and encode(body, 'escape') like '%10499.97%' and encode(body, 'escape') like '%{id}%'")); // (358 000 − 232 000.40) / 12 = 10 499.966…
        var plan = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}/business-plan");
        Assert.Equal(55_000.55m, plan.GetProperty("liquidityByMonth")[0].GetProperty("closingBalanceSek").GetDecimal());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _http.PutAsJsonAsync($"/api/enrolments/{id}/business-plan", Plan(await VersionAsync(id)))).StatusCode);
    }

    [Fact]
    public async Task after_the_loan_the_plan_is_written_further_in_new_versions_and_the_approved_plan_stays_as_the_lender_saw_it()
    {
        var id = await EnrolAsync();
        var beforeApproval = await _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/revisions", Plan(await VersionAsync(id)));
        await OkAsync(await _http.PutAsJsonAsync($"/api/enrolments/{id}/business-plan", Plan(await VersionAsync(id))));
        await ApproveAllModulesAsync(id);
        await OkAsync(await _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval",
            new { approvedOn = "2026-05-01", expectedVersion = await VersionAsync(id) }));

        var version = await VersionAsync(id);
        var second = await _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/revisions", Plan(version, "Rent of a bigger kitchen"));
        var retried = await _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/revisions", Plan(version, "Rent of a bigger kitchen"));
        var stale = await _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/revisions", Plan(version, "Something else"));
        var third = await _http.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/revisions", Plan(await VersionAsync(id), "Rent, two kitchens"));
        // A business follow-up after the loan is coaching: a session of her own.
        var meeting = await _http.PostAsJsonAsync("/api/sessions", new { kind = "business-follow-up", on = "2026-09-01", hours = 1.5m, participantIds = new[] { id } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, beforeApproval.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Equal(HttpStatusCode.Created, meeting.StatusCode);
        var revisions = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}/business-plan/revisions");
        Assert.Equal([2, 3], revisions.EnumerateArray().Select(r => r.GetProperty("revision").GetInt32()));
        Assert.Equal("Rent, two kitchens", revisions[1].GetProperty("plan").GetProperty("figures").GetProperty("incomeStatement").GetProperty("costs")[1]
            .GetProperty("label").GetString());
        var approved = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}/business-plan");
        Assert.Equal("Rent", approved.GetProperty("figures").GetProperty("incomeStatement").GetProperty("costs")[1].GetProperty("label").GetString());
        Assert.Equal("2026-05-01", approved.GetProperty("approvedOn").GetString());
        // Lending heard of the approved plan once; a new version is no new approval.
        Assert.Equal(1, await QueuedFor(Queues.Lending, "neem.coaching.business-plan-approved.v1", id));
    }

    [Fact]
    public async Task two_advisors_changing_from_the_same_version_one_wins_and_the_other_gets_409()
    {
        var id = await EnrolAsync();
        var version = await VersionAsync(id);

        var answers = await Task.WhenAll(
            _http.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks", new { moduleCode = "business-idea", itemCode = "idea-described", tickedOn = "2026-03-02", expectedVersion = version }),
            service.StaffClient(subject: "advisor-2").PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks", new { moduleCode = "business-idea", itemCode = "customer-need", tickedOn = "2026-03-02", expectedVersion = version }));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal(2, await EventsInStream(id));
        var stale = await _http.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks",
            new { moduleCode = "business-idea", itemCode = "own-motivation", tickedOn = "2026-03-02", expectedVersion = version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed since you read it", (await stale.ReadProblemAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task eight_writers_racing_on_one_checklist_one_wins_each_round_and_the_state_is_the_sum_of_the_winners()
    {
        var id = await EnrolAsync();
        var items = new[] { "idea-described", "customer-need", "own-motivation" };
        var winners = new List<string>();
        foreach (var round in Enumerable.Range(0, 3))
        {
            var version = await VersionAsync(id);
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => service.StaffClient(subject: $"advisor-{w}")
                .PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks",
                    new { moduleCode = "business-idea", itemCode = items[round], tickedOn = "2026-03-02", expectedVersion = version })));

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
            Assert.Equal(7, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
            foreach (var loser in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
            {
                await loser.ReadProblemAsync();
            }

            winners.Add(items[round]);
        }

        var enrolment = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}");
        Assert.Equal(winners, enrolment.GetProperty("enrolment").GetProperty("ticks").EnumerateArray().Select(t => t.GetProperty("itemCode").GetString()));
        Assert.Equal(1 + winners.Count, await EventsInStream(id));
    }

    [Fact]
    public async Task a_selection_delivered_again_after_the_inbox_forgot_it_enrols_nobody_twice()
    {
        var id = Guid.NewGuid();
        var selected = Assigned(id);
        await service.ThroughQueuesAsync(selected);

        // Wolverine's inbox keeps handled envelopes only for a while: drop them, as its cleanup would.
        await TransportTables.CountAsync(service.ConnectionString, "with gone as (delete from coaching.wolverine_incoming_envelopes returning 1) select count(*) from gone");
        await service.ThroughQueuesAsync(selected);

        Assert.Equal(1, await EventsInStream(id));
        Assert.Equal(1, await QueuedFor(Queues.Impact, "neem.coaching.enrolled.v1", id));
    }

    [Fact]
    public async Task a_module_cannot_be_approved_before_the_one_it_depends_on_and_can_be_reopened_with_a_reason()
    {
        var id = await EnrolAsync();
        foreach (var item in new[] { "industry-knowledge", "permits", "product-cycle", "pricing", "sales-plan" })
        {
            await OkAsync(await _http.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks",
                new { moduleCode = "product-service", itemCode = item, tickedOn = "2026-03-02", expectedVersion = await VersionAsync(id) }));
        }

        var outOfOrder = await _http.PostAsJsonAsync($"/api/enrolments/{id}/modules/product-service/approval",
            new { approvedOn = "2026-03-02", expectedVersion = await VersionAsync(id) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outOfOrder.StatusCode);
        Assert.Contains("business-idea", (await outOfOrder.ReadProblemAsync()).GetProperty("detail").GetString());

        foreach (var item in new[] { "idea-described", "customer-need" })
        {
            await OkAsync(await _http.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks",
                new { moduleCode = "business-idea", itemCode = item, tickedOn = "2026-03-02", expectedVersion = await VersionAsync(id) }));
        }

        await OkAsync(await _http.PostAsJsonAsync($"/api/enrolments/{id}/modules/business-idea/approval", new { approvedOn = "2026-03-03", expectedVersion = await VersionAsync(id) }));
        var reopened = await OkAsync(await _http.PostAsJsonAsync($"/api/enrolments/{id}/modules/business-idea/reopening",
            new { reason = "The customer need changed after the study visit", reopenedOn = "2026-03-04", expectedVersion = await VersionAsync(id) }));
        Assert.Empty(reopened.GetProperty("enrolment").GetProperty("approvals").EnumerateArray());
        Assert.Equal(0, await TransportTables.CountAsync(service.ConnectionString,
            "select count(*) from coaching.mt_events where data::text like '%study visit%'"));
    }

    [Fact]
    public async Task impossible_plan_figures_are_a_400_naming_each_field_and_store_nothing()
    {
        var id = await EnrolAsync();
        var plan = JsonSerializer.SerializeToNode(Plan(await VersionAsync(id)))!.AsObject();
        plan["incomeStatement"]!["revenues"]![0]!["unitPriceSek"] = -89.5m;
        plan["liquidityBudget"]!["months"]![0]!["month"] = 13;
        plan["capitalNeeds"]!["ownFundsSek"] = 1.005m;

        var response = await _http.PutAsJsonAsync($"/api/enrolments/{id}/business-plan", plan);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["capitalNeeds.ownFundsSek", "incomeStatement.revenues[0].unitPriceSek", "liquidityBudget.months[0].month"],
            (await response.ReadProblemAsync()).ErrorFields());
        Assert.Equal(1, await EventsInStream(id));
    }

    [Fact]
    public async Task a_null_inside_a_nested_list_is_a_400_not_a_500()
    {
        var id = await EnrolAsync();
        var plan = JsonSerializer.SerializeToNode(Plan(await VersionAsync(id)))!.AsObject();
        plan["incomeStatement"]!["revenues"] = new System.Text.Json.Nodes.JsonArray((System.Text.Json.Nodes.JsonNode?)null);

        var response = await _http.PutAsJsonAsync($"/api/enrolments/{id}/business-plan", plan);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("revenues", (await response.ReadProblemAsync()).ToString());
        Assert.Equal(1, await EventsInStream(id));
    }

    [Fact]
    public async Task group_sessions_and_attendance_give_participation_per_month_and_progress()
    {
        var group = Guid.NewGuid();
        var anna = await EnrolAsync(group);
        var bea = await EnrolAsync(group);

        var march = await OkAsync(await _http.PostAsJsonAsync("/api/sessions", new { kind = "group", on = "2026-03-10", hours = 3.5m, networkGroupId = group }));
        var april = await OkAsync(await _http.PostAsJsonAsync("/api/sessions", new { kind = "study-visit", on = "2026-04-02", hours = 2m, networkGroupId = group }));
        Assert.Equal(2, march.GetProperty("roster").GetArrayLength());
        await OkAsync(await _http.PostAsJsonAsync($"/api/sessions/{march.GetProperty("id").GetGuid()}/attendance", new
        {
            entries = new object[] { new { participantId = anna, status = "present" }, new { participantId = bea, status = "excused" } }
        }));
        await OkAsync(await _http.PostAsJsonAsync($"/api/sessions/{april.GetProperty("id").GetGuid()}/attendance", new
        {
            entries = new object[] { new { participantId = anna, status = "absent" }, new { participantId = bea, status = "present", hours = 1.5m } }
        }));
        var stranger = await _http.PostAsJsonAsync($"/api/sessions/{april.GetProperty("id").GetGuid()}/attendance",
            new { entries = new object[] { new { participantId = Guid.NewGuid(), status = "present" } } });

        var participation = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{anna}/participation");
        var progress = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{anna}/progress?asOf=2026-04-30");
        var groupProgress = await _http.GetFromJsonAsync<JsonElement>($"/api/network-groups/{group}/progress?asOf=2026-04-30");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, stranger.StatusCode);
        Assert.Equal("2026-03", participation[0].GetProperty("month").GetString());
        Assert.Equal(3.5m, participation[0].GetProperty("hoursPresent").GetDecimal());
        Assert.Equal(0m, participation[1].GetProperty("hoursPresent").GetDecimal());
        Assert.Equal(0.5m, progress.GetProperty("attendanceRate").GetDecimal());
        Assert.Equal(12, progress.GetProperty("weeksInProgramme").GetInt32()); // 2 Feb to 30 Apr: 87 days
        Assert.Equal(0, progress.GetProperty("modulesApproved").GetInt32());
        Assert.Equal(8, progress.GetProperty("modulesTotal").GetInt32());
        Assert.Equal(2, groupProgress.GetProperty("participants").GetInt32());
        Assert.Equal(0.5m, groupProgress.GetProperty("attendanceRate").GetDecimal());
        Assert.Equal(4, await QueuedFor(Queues.Impact, "neem.coaching.attendance-recorded.v1", anna) + await QueuedFor(Queues.Impact, "neem.coaching.attendance-recorded.v1", bea));
    }

    [Fact]
    public async Task each_answer_states_the_version_the_enrolment_now_has_so_the_next_command_can_state_it_without_reading_again()
    {
        var id = await EnrolAsync();
        var curriculum = await _http.GetFromJsonAsync<JsonElement>("/api/curriculum");
        var module = curriculum.GetProperty("modules").EnumerateArray().OrderBy(m => m.GetProperty("order").GetInt32()).First();
        var code = module.GetProperty("code").GetString();
        var version = await VersionAsync(id);
        var answers = new List<(string Command, long Stated, long Stored)>();
        async Task StepAsync(string command, Task<HttpResponseMessage> send)
        {
            version = (await OkAsync(await send)).GetProperty("version").GetInt64();
            answers.Add((command, version, await VersionAsync(id)));
        }

        foreach (var item in module.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("mandatory").GetBoolean()))
        {
            await StepAsync("tick", _http.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks",
                new { moduleCode = code, itemCode = item.GetProperty("code").GetString(), tickedOn = "2026-03-02", expectedVersion = version }));
        }

        await StepAsync("approve", _http.PostAsJsonAsync($"/api/enrolments/{id}/modules/{code}/approval", new { approvedOn = "2026-03-02", expectedVersion = version }));
        await StepAsync("advisor", service.StaffClient("region-manager").PutAsJsonAsync($"/api/enrolments/{id}/advisor", new { advisorId = "advisor-9" }));
        await StepAsync("dropout", _http.PostAsJsonAsync($"/api/enrolments/{id}/dropout", new { reason = "moved", droppedOutOn = "2026-04-01" }));

        Assert.All(answers, a => Assert.Equal((a.Command, a.Stored), (a.Command, a.Stated)));
    }

    [Fact]
    public async Task her_sessions_are_listed_whatever_their_date_and_nobody_elses()
    {
        var group = Guid.NewGuid();
        var anna = await EnrolAsync(group);
        var bea = await EnrolAsync(group);
        await OkAsync(await _http.PostAsJsonAsync("/api/sessions", new { kind = "group", on = "2025-01-10", hours = 2m, networkGroupId = group }));
        await OkAsync(await _http.PostAsJsonAsync("/api/sessions", new { kind = "individual", on = "2025-02-03", hours = 1m, participantIds = new[] { anna } }));
        await OkAsync(await _http.PostAsJsonAsync("/api/sessions", new { kind = "individual", on = "2025-02-04", hours = 1m, participantIds = new[] { bea } }));

        var hers = await _http.GetFromJsonAsync<JsonElement>($"/api/sessions?participantId={anna}");
        var recent = await _http.GetFromJsonAsync<JsonElement>("/api/sessions");

        Assert.Equal(["group", "individual"], hers.EnumerateArray().Select(s => s.GetProperty("kind").GetString()!).ToArray());
        Assert.All(hers.EnumerateArray(), s => Assert.Contains(anna, s.GetProperty("roster").EnumerateArray().Select(r => r.GetGuid())));
        Assert.DoesNotContain(recent.EnumerateArray(), s => s.GetProperty("on").GetString()!.StartsWith("2025-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_dropout_ends_the_coaching_and_is_published_once()
    {
        var id = await EnrolAsync();
        var dropout = new { reason = "employment", droppedOutOn = "2026-04-01", comment = "Got a job at the hospital kitchen" };

        await OkAsync(await _http.PostAsJsonAsync($"/api/enrolments/{id}/dropout", dropout));
        await OkAsync(await _http.PostAsJsonAsync($"/api/enrolments/{id}/dropout", dropout));

        Assert.Equal(1, await QueuedFor(Queues.Impact, "neem.coaching.dropped-out.v1", id));
        var tick = await _http.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks",
            new { moduleCode = "business-idea", itemCode = "idea-described", tickedOn = "2026-04-02", expectedVersion = await VersionAsync(id) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tick.StatusCode);
    }

    [Fact]
    public async Task advisors_of_another_region_get_403_and_anonymous_callers_401()
    {
        var id = await EnrolAsync();
        var outsider = service.StaffClient(region: "orebro");

        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/enrolments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks",
            new { moduleCode = "business-idea", itemCode = "idea-described", tickedOn = "2026-03-02", expectedVersion = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Host.Server.CreateClient().GetAsync($"/api/enrolments/{id}")).StatusCode);
    }

    [Fact]
    public async Task a_new_curriculum_version_applies_to_new_enrolments_only()
    {
        var before = await EnrolAsync();
        var manager = service.StaffClient("region-manager");
        var published = await OkAsync(await manager.PostAsJsonAsync("/api/curriculum/versions", new
        {
            addItems = new[] { new { moduleCode = "marketing", code = "social-media", titleSv = "Sociala medier", titleEn = "Social media", mandatory = true } }
        }));
        var after = await EnrolAsync();

        var version = published.GetProperty("version").GetInt32();
        Assert.True(version >= 2);
        Assert.Equal(version - 1, (await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{before}")).GetProperty("enrolment").GetProperty("curriculumVersion").GetInt32());
        Assert.Equal(version, (await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{after}")).GetProperty("enrolment").GetProperty("curriculumVersion").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.PostAsJsonAsync("/api/curriculum/versions", new { addItems = Array.Empty<object>() })).StatusCode);
    }

    [Fact]
    public async Task erasure_removes_her_free_text_even_inside_events_and_keeps_the_anonymous_history()
    {
        var id = await EnrolAsync();
        // Staff type names and identity numbers into labels: the rent is paid to her cousin, by her number.
        await OkAsync(await _http.PutAsJsonAsync($"/api/enrolments/{id}/business-plan",
            Plan(await VersionAsync(id), rentLabel: "Hyra till Fatima Qvarnström 850314-6246")));
        Assert.NotEmpty(await DatabaseScan.TablesContainingAsync(service.ConnectionString, "Qvarnström"));
        var erased = new ParticipantErased(Guid.NewGuid(), id, "stockholm", new DateOnly(2026, 6, 1), DateTimeOffset.UtcNow);

        await service.ThroughQueuesAsync(erased, times: 2);

        Assert.Equal(0, await TransportTables.CountAsync(service.ConnectionString,
            "select count(*) from coaching.mt_doc_coachingnotes where data::text like '%Eritrean%'"));
        var enrolment = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}");
        Assert.True(enrolment.GetProperty("enrolment").GetProperty("erased").GetBoolean());
        Assert.Equal(3, await EventsInStream(id)); // enrolled, plan drafted, notes erased once
        var plan = await _http.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}/business-plan");
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("texts").ValueKind);
        Assert.Equal(85_000.55m, plan.GetProperty("financingNeedSek").GetDecimal());
        Assert.Equal(72_000.40m, plan.GetProperty("costsSek").GetDecimal() - 160_000m); // the figures stay
        foreach (var needle in new[] { "Qvarnström", "850314-6246", "Eritrean" })
        {
            Assert.Empty(await DatabaseScan.TablesContainingAsync(service.ConnectionString, needle));
        }
    }
}

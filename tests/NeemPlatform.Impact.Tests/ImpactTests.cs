using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeemPlatform.Contracts;
using NeemPlatform.Impact.History;
using NeemPlatform.Impact.History.Recording;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Impact.Tests;

public class when_the_mis_records_a_fact
{
    private static readonly DateTimeOffset Occurred = new(2026, 6, 30, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Recorded = new(2026, 6, 30, 15, 0, 1, TimeSpan.Zero);

    [Fact]
    public void the_entry_keeps_when_it_happened_and_when_it_was_recorded()
    {
        var id = Guid.NewGuid();
        var source = Guid.NewGuid();

        var entry = RecordInHistoryHandler.ToEntry(
            new ParticipantLeftProgramme(source, id, "vasteras", ProgrammeOutcomes.StartedCompany, new DateOnly(2026, 6, 30), Occurred,
                "completed", "female", true, "30-39", "newly-arrived", "partner-referral"), Recorded);

        Assert.Equal(new LeavingRecorded(id, source, "vasteras", ProgrammeOutcomes.StartedCompany, new DateOnly(2026, 6, 30), Occurred, Recorded,
            "completed", new MisAttributes("female", true, "30-39", "newly-arrived", "partner-referral")), entry);
    }

    [Fact]
    public void amounts_are_carried_exactly()
    {
        var entry = RecordInHistoryHandler.ToEntry(new BusinessPlanApproved(Guid.NewGuid(), Guid.NewGuid(), "orebro",
            123_456.78m, -12.34m, new DateOnly(2026, 5, 1), Occurred), Recorded);

        var plan = Assert.IsType<PlanApprovalRecorded>(entry);
        Assert.Equal(123_456.78m, plan.FinancingNeedSek);
        Assert.Equal(-12.34m, plan.ExpectedMonthlySurplusSek);
    }

    [Fact]
    public void a_message_outside_the_history_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RecordInHistoryHandler.ToEntry("not a contract", Recorded));
    }

    [Theory]
    [InlineData("2026-06-30", "2026-12-30", "2027-06-30")]
    [InlineData("2026-08-31", "2027-02-28", "2027-08-31")]
    [InlineData("2027-08-31", "2028-02-29", "2028-08-31")]
    [InlineData("2027-02-28", "2027-08-28", "2028-02-28")]
    public void follow_ups_fall_at_exit_six_and_twelve_months_after_leaving_at_month_end_where_needed(string leftOn, string sixMonths, string twelveMonths)
    {
        var left = DateOnly.Parse(leftOn, System.Globalization.CultureInfo.InvariantCulture);
        var leaving = new LeavingRecorded(Guid.NewGuid(), Guid.NewGuid(), "stockholm", ProgrammeOutcomes.Studies, left, Occurred, Recorded);

        var due = RecordInHistoryHandler.FollowUpsFor(leaving, Recorded);

        Assert.Equal(["at-exit", "six-months", "twelve-months"], due.Select(d => d.Point));
        Assert.Equal([left, DateOnly.Parse(sixMonths, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(twelveMonths, System.Globalization.CultureInfo.InvariantCulture)], due.Select(d => d.DueOn));
        Assert.Equal(3, due.Select(d => d.EventId).Distinct().Count());
    }
}

public sealed class ImpactService : ServiceFixture<Program>
{
    public override string Service => "impact";
}

/// <summary>The Impact service in-process on a real PostgreSQL, fed through its real PostgreSQL queue.</summary>
public class impact_service(ImpactService service) : IClassFixture<ImpactService>
{
    private readonly HttpClient _http = service.StaffClient("region-manager");

    [Fact]
    public async Task every_fact_of_a_journey_enters_the_history_once_in_order_whatever_the_redeliveries()
    {
        var id = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        object[] journey =
        [
            new ParticipantSelected(Guid.NewGuid(), id, "stockholm", new DateOnly(2026, 2, 1), at),
            new CoachingEnrolled(Guid.NewGuid(), id, "stockholm", new DateOnly(2026, 2, 1), at),
            new BusinessPlanApproved(Guid.NewGuid(), id, "stockholm", 85_000.55m, 4_200m, new DateOnly(2026, 5, 1), at),
            new CreditFileOpened(Guid.NewGuid(), id, "stockholm", 85_000.55m, 4_200m, new DateOnly(2026, 5, 1), at),
            new ParticipantLeftProgramme(Guid.NewGuid(), id, "stockholm", ProgrammeOutcomes.StartedCompany, new DateOnly(2026, 8, 31), at),
        ];

        foreach (var fact in journey)
        {
            await service.ThroughQueuesAsync(fact, times: 2);
        }

        var history = await _http.GetFromJsonAsync<JsonElement>($"/api/mis/participants/{id}");
        Assert.Equal(
            ["selection_recorded", "enrolment_recorded", "plan_approval_recorded", "credit_file_recorded", "leaving_recorded"],
            history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToArray());
        var summary = history.GetProperty("summary");
        Assert.Equal(5, summary.GetProperty("entries").GetInt32());
        Assert.Equal(85_000.55m, summary.GetProperty("creditLimitSek").GetDecimal());
        Assert.Equal("started-company", summary.GetProperty("outcome").GetString());
        Assert.Equal(1, await TransportTables.CountAsync(service.ConnectionString,
            "select count(*) from neem_queues.wolverine_queue_participant where message_type = 'neem.impact.follow-up-due.v1' " +
            $"and encode(body, 'escape') like '%{id}%' and encode(body, 'escape') like '%2027-02-28%'"));
        Assert.Equal(0, await TransportTables.CountAsync(service.ConnectionString, "select count(*) from impact.wolverine_dead_letters"));
    }

    [Fact]
    public async Task the_participant_facts_published_together_all_enter_the_history_once()
    {
        var id = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        var on = new DateOnly(2026, 2, 1);
        object[] facts =
        [
            new ParticipantReferred(Guid.NewGuid(), id, "stockholm", Guid.NewGuid(), Guid.NewGuid(), "partner-referral", true, on,
                "female", true, "30-39", "newly-arrived", "partner-referral", at),
            new ParticipantSelected(Guid.NewGuid(), id, "stockholm", on, at, "female", true, "30-39", "newly-arrived", "partner-referral"),
            new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), id, "stockholm", Guid.NewGuid(), on, "female", true, "30-39",
                "newly-arrived", "partner-referral", at),
            new ParticipantOutcomeRecorded(Guid.NewGuid(), id, "stockholm", "started-company", on, "economic-association", on, true,
                "female", true, "30-39", "newly-arrived", "partner-referral", at),
            new ParticipantFollowedUp(Guid.NewGuid(), id, "stockholm", "at-exit", "own-company", on, at),
            new ParticipantErased(Guid.NewGuid(), id, "stockholm", on, at),
        ];

        await Task.WhenAll(facts.Select(f => service.ThroughQueuesAsync(f)));

        var history = await _http.GetFromJsonAsync<JsonElement>($"/api/mis/participants/{id}");
        var summary = history.GetProperty("summary");
        Assert.Equal(6, summary.GetProperty("entries").GetInt32());
        Assert.True(summary.GetProperty("startedSocialEnterprise").GetBoolean());
        Assert.True(summary.GetProperty("erased").GetBoolean());
        Assert.Equal("female", summary.GetProperty("attributes").GetProperty("gender").GetString());
        Assert.Equal(0, await TransportTables.CountAsync(service.ConnectionString, "select count(*) from impact.wolverine_dead_letters"));
    }

    [Fact]
    public async Task facts_from_another_region_stay_out_of_this_regions_history()
    {
        var id = Guid.NewGuid();

        await service.ThroughQueuesAsync(new ParticipantSelected(Guid.NewGuid(), id, "orebro", new DateOnly(2026, 2, 1), DateTimeOffset.UtcNow));

        var response = await _http.GetAsync($"/api/mis/participants/{id}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        await response.ReadProblemAsync();
    }

    [Fact]
    public async Task the_history_read_by_the_indicators_holds_every_fact_recorded_before_each_call_and_a_list_already_read_never_changes()
    {
        var history = service.Host.Services.GetRequiredService<MisHistoryLog>();
        await using var session = service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var before = await history.EntriesAsync(session, CancellationToken.None);
        var countBefore = before.Count;
        var id = Guid.NewGuid();
        var on = new DateOnly(2026, 3, 2);
        await service.ThroughQueuesAsync(new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), id, "stockholm", Guid.NewGuid(), on, "female", true, "30-39",
            "newly-arrived", "partner-referral", DateTimeOffset.UtcNow));
        await service.ThroughQueuesAsync(new ParticipantLeftProgramme(Guid.NewGuid(), id, "stockholm", ProgrammeOutcomes.Employment, on.AddDays(30),
            DateTimeOffset.UtcNow));

        var after = await history.EntriesAsync(session, CancellationToken.None);

        Assert.Equal(countBefore, before.Count);
        Assert.Equal(countBefore + 2, after.Count);
        Assert.Equal([id, id], after.Skip(countBefore).Select(e => e.ParticipantId));
        Assert.Equal(before, after.Take(countBefore));
        // In the order recorded, and equal to the event table read whole.
        var all = (await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync()).Select(e => e.Data).OfType<IMisEntry>();
        Assert.Equal(all.Select(e => e.SourceEventId), after.Select(e => e.SourceEventId));
    }

    [Fact]
    public async Task a_result_kept_for_a_day_is_computed_again_when_a_fact_that_had_happened_by_then_arrives_and_only_then()
    {
        var history = service.Host.Services.GetRequiredService<MisHistoryLog>();
        await using var session = service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var march = new DateOnly(2031, 3, 31);
        var computed = 0;
        Task<IReadOnlyList<string>> CountAsync() => history.PerDayAsync(session, "test-count", [march], (states, _) =>
        {
            computed++;
            return states.Count(s => s.JoinedGroupOn is not null).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }, CancellationToken.None);
        Task JoinAsync(DateOnly on) => service.ThroughQueuesAsync(new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), Guid.NewGuid(), "stockholm", Guid.NewGuid(),
            on, "female", true, "30-39", "newly-arrived", "partner-referral", DateTimeOffset.UtcNow));

        var first = int.Parse((await CountAsync())[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, computed);
        await JoinAsync(march.AddDays(1)); // happened after the day: kept
        Assert.Equal(first, int.Parse((await CountAsync())[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, computed);
        await JoinAsync(march.AddMonths(-1)); // happened by the day, recorded late: computed again
        Assert.Equal(first + 1, int.Parse((await CountAsync())[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, computed);
    }

    [Fact]
    public async Task a_day_kept_before_the_results_are_cleared_for_room_is_still_answered()
    {
        var history = service.Host.Services.GetRequiredService<MisHistoryLog>();
        await using var session = service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var days = Enumerable.Range(0, MisHistoryLog.ResultsKept).Select(i => new DateOnly(2001, 1, 1).AddDays(i)).ToList();
        await history.PerDayAsync(session, "test-room", days, (states, d) => $"{d:yyyy-MM-dd}:{states.Count}", CancellationToken.None);

        // Full: the next call clears the results for room, and still answers the day it had kept.
        var answer = await history.PerDayAsync(session, "test-room", [days[0], new DateOnly(2040, 1, 1)], (states, d) => $"{d:yyyy-MM-dd}:{states.Count}",
            CancellationToken.None);

        Assert.Equal(["2001-01-01", "2040-01-01"], answer.Select(a => a.Split(':')[0]));
    }

    [Fact]
    public async Task a_region_manager_publishes_the_models_assumptions_as_a_new_version_with_its_source_and_every_step_says_what_it_counts()
    {
        var manager = service.StaffClient("region-manager", subject: "maria.manager");
        var before = await manager.GetFromJsonAsync<JsonElement>("/api/socio-economics/parameters");
        var current = before[0].GetProperty("version").GetInt32();

        var refused = await manager.PutAsJsonAsync("/api/socio-economics/parameters", new
        {
            exclusionCostPerPersonYearSek = new Dictionary<string, decimal> { ["municipality"] = 100_000m },
            taxRevenuePerCompanyYearSek = 1m,
            consumptionPerCompanyYearSek = 1m,
            lowerBenefitCostsPerCompanyYearSek = 1m,
            source = " "
        });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["source"], (await refused.ReadProblemAsync()).ErrorFields());
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await service.StaffClient("advisor").PutAsJsonAsync("/api/socio-economics/parameters", new { })).StatusCode);

        var published = await manager.PutAsJsonAsync("/api/socio-economics/parameters", new
        {
            exclusionCostPerPersonYearSek = new Dictionary<string, decimal> { ["municipality"] = 150_000m, ["state"] = 130_000m },
            taxRevenuePerCompanyYearSek = 70_000m,
            consumptionPerCompanyYearSek = 35_000m,
            lowerBenefitCostsPerCompanyYearSek = 95_000m,
            source = "The region's own figures, 2026"
        });
        Assert.True(published.IsSuccessStatusCode);

        var versions = await manager.GetFromJsonAsync<JsonElement>("/api/socio-economics/parameters");
        Assert.Equal(current + 1, versions[0].GetProperty("version").GetInt32());
        Assert.Equal("The region's own figures, 2026", versions[0].GetProperty("source").GetString());
        Assert.Equal("maria.manager", versions[0].GetProperty("publishedBy").GetString());
        Assert.Equal(current, versions[1].GetProperty("version").GetInt32()); // the earlier version stays
        var socio = await manager.GetFromJsonAsync<JsonElement>("/api/socio-economics?years=2");
        Assert.Equal(current + 1, socio.GetProperty("parametersVersion").GetInt32());
        var steps = socio.GetProperty("total").GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["exclusion-cost-avoided", "exclusion-cost-avoided", "tax-revenue", "consumption", "lower-benefit-costs"],
            steps.Select(st => st.GetProperty("key").GetString()));
        Assert.Equal(["municipality", "state"], steps.Take(2).Select(st => st.GetProperty("payer").GetString()));
        Assert.All(steps, st => Assert.Equal(st.GetProperty("count").GetInt32() * st.GetProperty("rateSek").GetDecimal() * 2, st.GetProperty("amountSek").GetDecimal()));
        Assert.Equal(70_000m, steps[2].GetProperty("rateSek").GetDecimal());
    }

    [Fact]
    public async Task the_funnel_follows_the_people_first_referred_in_a_period_to_how_far_they_got_by_way_of_coming()
    {
        var at = DateTimeOffset.UtcNow;
        var on = new DateOnly(2033, 5, 10);
        async Task PersonAsync(string source, int stage, DateOnly referredOn)
        {
            var id = Guid.NewGuid();
            await service.ThroughQueuesAsync(new ParticipantReferred(Guid.NewGuid(), id, "stockholm", Guid.NewGuid(), source == "partner-referral" ? Guid.NewGuid() : null,
                source, true, referredOn, "female", true, "30-39", "newly-arrived", source, at));
            if (stage >= 1)
            {
                await service.ThroughQueuesAsync(new ParticipantSelected(Guid.NewGuid(), id, "stockholm", referredOn.AddDays(10), at, "female", true, "30-39", "newly-arrived", source));
            }

            if (stage >= 2)
            {
                await service.ThroughQueuesAsync(new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), id, "stockholm", Guid.NewGuid(), referredOn.AddDays(12), "female", true,
                    "30-39", "newly-arrived", source, at));
            }

            if (stage >= 3)
            {
                await service.ThroughQueuesAsync(new ParticipantOutcomeRecorded(Guid.NewGuid(), id, "stockholm", "started-company", referredOn.AddDays(90), "sole-trader",
                    referredOn.AddDays(90), false, "female", true, "30-39", "newly-arrived", source, at));
            }
        }

        await PersonAsync("partner-referral", 3, on);
        await PersonAsync("partner-referral", 2, on.AddDays(3));
        await PersonAsync("partner-referral", 0, on.AddDays(5));
        await PersonAsync("self-referral", 1, on.AddDays(1));
        await PersonAsync("self-referral", 3, on.AddMonths(2)); // referred after the period: not counted

        var funnel = await _http.GetFromJsonAsync<JsonElement>("/api/indicators/funnel?from=2033-05-01&to=2033-05-31&asOf=2034-01-01");
        var rows = funnel.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("source").GetString()!);
        int[] Steps(string source) => new[] { "referred", "selected", "inNetworkGroup", "completedCoaching", "nextStep", "startedCompany" }
            .Select(k => rows[source].GetProperty(k).GetInt32()).ToArray();
        Assert.Equal([4, 3, 2, 0, 1, 1], Steps("all"));
        Assert.Equal([3, 2, 2, 0, 1, 1], Steps("partner-referral"));
        Assert.Equal([1, 1, 0, 0, 0, 0], Steps("self-referral"));
        // As of a date before the company started, nobody had started one yet.
        var earlier = await _http.GetFromJsonAsync<JsonElement>("/api/indicators/funnel?from=2033-05-01&to=2033-05-31&asOf=2033-06-30");
        Assert.Equal(0, earlier.GetProperty("rows")[0].GetProperty("startedCompany").GetInt32());
        var bad = await _http.GetAsync("/api/indicators/funnel?from=2033-05-31&to=2033-05-01&asOf=2033-01-01");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["asOf", "to"], (await bad.ReadProblemAsync()).ErrorFields().Order());
        Assert.Equal(System.Net.HttpStatusCode.Forbidden,
            (await service.StaffClient("steering-group").GetAsync("/api/indicators/funnel?from=2033-05-01&to=2033-05-31")).StatusCode);
    }
}

/// <summary>An Impact instance whose programme has two milestones.</summary>
public sealed class ImpactWithMilestones : ServiceFixture<Program>
{
    public override string Service => "impact";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Neem:Targets:Periods:0:Name"] = "Genomförandefasen",
        ["Neem:Targets:Periods:0:Until"] = "2027-12-31",
        ["Neem:Targets:Periods:0:ParticipantsPerRegion"] = "5",
        ["Neem:Targets:Periods:0:SocialEnterprisesPerRegion"] = "1",
        ["Neem:Targets:Periods:1:Name"] = "Mobiliseringsfasen",
        ["Neem:Targets:Periods:1:Until"] = "2025-06-30",
        ["Neem:Targets:Periods:1:ParticipantsPerRegion"] = "2"
    };
}

public class the_programmes_milestones(ImpactWithMilestones service) : IClassFixture<ImpactWithMilestones>
{
    [Fact]
    public async Task each_milestone_counts_participants_in_groups_and_social_enterprises_by_its_end_against_its_own_targets()
    {
        var at = DateTimeOffset.UtcNow;
        async Task JoinAsync(DateOnly on, bool socialEnterpriseOn2026 = false)
        {
            var id = Guid.NewGuid();
            await service.ThroughQueuesAsync(new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), id, "stockholm", Guid.NewGuid(), on, "female", true, "30-39",
                "newly-arrived", "partner-referral", at));
            if (socialEnterpriseOn2026)
            {
                var started = new DateOnly(2026, 1, 10);
                await service.ThroughQueuesAsync(new ParticipantOutcomeRecorded(Guid.NewGuid(), id, "stockholm", "started-company", started, "economic-association",
                    started, true, "female", true, "30-39", "newly-arrived", "partner-referral", at));
            }
        }

        await JoinAsync(new DateOnly(2025, 3, 1));
        await JoinAsync(new DateOnly(2025, 3, 2), socialEnterpriseOn2026: true);
        await JoinAsync(new DateOnly(2025, 9, 1)); // after the mobilisation phase ended

        var periods = await service.StaffClient("steering-group").GetFromJsonAsync<JsonElement>("/api/indicators/periods");

        Assert.Equal(["Mobiliseringsfasen", "Genomförandefasen"], periods.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var mobilisation = periods[0];
        Assert.True(mobilisation.GetProperty("over").GetBoolean());
        Assert.Equal("2025-06-30", mobilisation.GetProperty("countedOn").GetString());
        var first = mobilisation.GetProperty("scopes").EnumerateArray().Single(s => s.GetProperty("scope").GetString() == "total");
        Assert.Equal((2, 2, true, 0), (first.GetProperty("participants").GetInt32(), first.GetProperty("participantsTarget").GetInt32(),
            first.GetProperty("participantsMet").GetBoolean(), first.GetProperty("socialEnterprises").GetInt32()));
        var implementation = periods[1];
        Assert.False(implementation.GetProperty("over").GetBoolean()); // it runs until 2027: counted today
        var now = implementation.GetProperty("scopes").EnumerateArray().Single(s => s.GetProperty("scope").GetString() == "stockholm");
        Assert.Equal((3, 5, false, 1, 1, true), (now.GetProperty("participants").GetInt32(), now.GetProperty("participantsTarget").GetInt32(),
            now.GetProperty("participantsMet").GetBoolean(), now.GetProperty("socialEnterprises").GetInt32(), now.GetProperty("socialEnterprisesTarget").GetInt32(),
            now.GetProperty("socialEnterprisesMet").GetBoolean()));
    }

    [Fact]
    public void a_milestone_without_a_name_or_a_date_stops_the_service_at_start_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Neem:Targets:Periods:0:Name"] = "Fas 1",
            ["Neem:Targets:Periods:0:Until"] = "30 juni"
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => NeemPlatform.Impact.Indicators.Targets.PeriodsFrom(configuration));
        Assert.Contains("Neem:Targets:Periods:0", error.Message);
    }
}

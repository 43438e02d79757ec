using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Contracts;
using NeemPlatform.Impact.History;
using NeemPlatform.Impact.Indicators;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Impact.Tests;

internal static class Facts
{
    public static readonly DateTimeOffset At = DateTimeOffset.UtcNow;

    public static object[] Journey(Guid id, string gender, bool foreign, DateOnly joined, string? outcome = null, DateOnly? outcomeOn = null,
        bool social = false, string region = "stockholm")
    {
        var list = new List<object>
        {
            new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), id, region, Guid.NewGuid(), joined, gender, foreign, "30-39", "newly-arrived",
                "partner-referral", At, "secondary")
        };
        if (outcome is not null)
        {
            list.Add(new ParticipantOutcomeRecorded(Guid.NewGuid(), id, region, outcome, outcomeOn!.Value, outcome == "started-company" ? "sole-trader" : null,
                outcome == "started-company" ? outcomeOn : null, social, gender, foreign, "30-39", "newly-arrived", "partner-referral", At));
        }

        return list.ToArray();
    }
}

public class when_computing_indicators
{
    private static readonly Targets Targets = new(60, 180, 0.80m, 0.85m, 3, 1, 0.20m, 0.30m, 0.60m, 0.70m);

    private static MisParticipant State(string gender, bool? foreign, string? nextStep = null, bool social = false)
    {
        var id = Guid.NewGuid();
        var attributes = new MisAttributes(gender, foreign, "30-39", "newly-arrived", "partner-referral");
        var p = MisFold.Apply(null, new NetworkGroupJoinRecorded(id, Guid.NewGuid(), "stockholm", Guid.NewGuid(), new DateOnly(2026, 2, 1), attributes,
            Facts.At, Facts.At));
        return nextStep is null ? p : MisFold.Apply(p, new NextStepRecorded(id, Guid.NewGuid(), "stockholm", nextStep, new DateOnly(2026, 6, 1), null, null,
            social, attributes, Facts.At, Facts.At));
    }

    [Fact]
    public void shares_are_over_participants_in_network_groups_and_say_whether_the_target_is_met()
    {
        var states = new List<MisParticipant>();
        states.AddRange(Enumerable.Range(0, 8).Select(_ => State("female", true)));
        states.Add(State("male", false, "started-company", social: true));
        states.Add(State("female", null, "employment"));

        var set = IndicatorRules.Compute("stockholm", states, Targets, new DateOnly(2026, 12, 31), national: false);

        Assert.Equal(10m, set["participants-in-network-groups"].Value);
        Assert.False(set["participants-in-network-groups"].Met);
        Assert.Equal(0.9m, set["share-of-women"].Value);
        Assert.True(set["share-of-women"].Met);
        Assert.Equal(0.8m, set["share-with-foreign-background"].Value); // unknown counts as not
        Assert.False(set["share-with-foreign-background"].Met);
        Assert.Equal(0.1m, set["share-started-company"].Value);
        Assert.False(set["share-started-company"].Met); // target 20–30 %
        Assert.Equal(0.2m, set["share-next-step"].Value);
        Assert.Equal(1m, set["social-enterprises-started"].Value);
        Assert.True(set["social-enterprises-started"].Met); // one per region
        Assert.All(set.Indicators, i => Assert.False(string.IsNullOrWhiteSpace(i.Definition + i.Population)));
        // Each says how its value reads: a share (0.9 = 90 %) or a count, whatever the value happens to be.
        Assert.Equal(IndicatorUnits.Share, set["share-of-women"].Unit);
        Assert.Equal(IndicatorUnits.Share, set["par30"].Unit);
        Assert.Equal(IndicatorUnits.Count, set["participants-in-network-groups"].Unit);
        Assert.Equal(IndicatorUnits.Count, set["social-enterprises-started"].Unit);
    }

    [Fact]
    public void a_range_target_reports_below_within_or_above_and_above_is_not_missed()
    {
        List<MisParticipant> Group(int started) =>
            [.. Enumerable.Range(0, started).Select(_ => State("female", true, "started-company")), .. Enumerable.Range(0, 10 - started).Select(_ => State("female", true))];

        var below = IndicatorRules.Compute("stockholm", Group(1), Targets, new DateOnly(2026, 12, 31), national: false)["share-started-company"];
        var within = IndicatorRules.Compute("stockholm", Group(3), Targets, new DateOnly(2026, 12, 31), national: false)["share-started-company"];
        var above = IndicatorRules.Compute("stockholm", Group(5), Targets, new DateOnly(2026, 12, 31), national: false)["share-started-company"];

        Assert.Equal(("below", false), (below.Status, below.Met));
        Assert.Equal(("within", true), (within.Status, within.Met));
        Assert.Equal(("above", true), (above.Status, above.Met));
        // share-next-step counts the started companies too: 50 % is below its 60–70 %.
        Assert.Equal("below", IndicatorRules.Compute("stockholm", Group(5), Targets, new DateOnly(2026, 12, 31), national: false)["share-next-step"].Status);
    }

    [Fact]
    public void social_enterprises_are_counted_per_enterprise_not_per_founder()
    {
        var shared = Guid.NewGuid();
        MisParticipant Founder(params Guid[] enterprises)
        {
            var p = State("female", true);
            foreach (var enterprise in enterprises)
            {
                p = MisFold.Apply(p, new NextStepRecorded(p.Id, Guid.NewGuid(), "stockholm", "started-company", new DateOnly(2026, 6, 1), "trading-partnership",
                    new DateOnly(2026, 6, 1), true, p.Attributes!, Facts.At, Facts.At, enterprise));
            }

            return p;
        }

        // Two co-founders of one enterprise, one woman who founded two, and one fact recorded before enterprises had an id.
        List<MisParticipant> states = [Founder(shared), Founder(shared), Founder(Guid.NewGuid(), Guid.NewGuid()), State("female", true, "started-company", social: true)];

        Assert.Equal(4m, IndicatorRules.Compute("stockholm", states, Targets, new DateOnly(2026, 12, 31), national: false)["social-enterprises-started"].Value);
    }

    [Fact]
    public void a_region_is_held_to_the_regional_targets_and_the_programme_to_the_national_ones()
    {
        var states = Enumerable.Range(0, 70).Select(_ => State("female", true)).ToList();

        var regional = MisHistory.Report(states, Targets, new DateOnly(2026, 12, 31), null);
        var national = MisHistory.Report(states, Targets with { National = true }, new DateOnly(2026, 12, 31), null);

        Assert.Equal(("regional", 60m, true), (regional.TotalTargets, regional.Total["participants-in-network-groups"].Target!.Min, regional.Total["participants-in-network-groups"].Met));
        Assert.Equal(("national", 180m, false), (national.TotalTargets, national.Total["participants-in-network-groups"].Target!.Min, national.Total["participants-in-network-groups"].Met));
        Assert.Equal(60m, national.Regions.Single()["participants-in-network-groups"].Target!.Min);
        Assert.Equal(3m, national.Total["social-enterprises-started"].Target!.Min);
        Assert.Equal(1m, regional.Total["social-enterprises-started"].Target!.Min);
    }

    [Fact]
    public void follow_ups_are_counted_against_those_whose_point_has_come()
    {
        MisParticipant Left(DateOnly on, params string[] points)
        {
            var p = State("female", true);
            p = MisFold.Apply(p, new LeavingRecorded(p.Id, Guid.NewGuid(), "stockholm", "employment", on, Facts.At, Facts.At));
            return points.Aggregate(p, (s, point) => MisFold.Apply(s, new FollowUpRecorded(s.Id, Guid.NewGuid(), "stockholm", point, "employment", on, Facts.At, Facts.At)));
        }

        List<MisParticipant> states =
        [
            Left(new DateOnly(2025, 6, 30), "at-exit", "six-months", "twelve-months"),
            Left(new DateOnly(2025, 11, 30), "at-exit", "six-months"),
            Left(new DateOnly(2026, 9, 30), "at-exit"),
            Left(new DateOnly(2026, 10, 31)),
            State("female", true)
        ];

        var set = IndicatorRules.Compute("stockholm", states, Targets, new DateOnly(2026, 12, 31), national: false);

        Assert.Equal((3m, 4m), (set["follow-ups-at-exit"].Numerator, set["follow-ups-at-exit"].Denominator));
        Assert.Equal((2m, 2m), (set["follow-ups-six-months"].Numerator, set["follow-ups-six-months"].Denominator));
        Assert.Equal((1m, 2m), (set["follow-ups-twelve-months"].Numerator, set["follow-ups-twelve-months"].Denominator));
    }

    [Fact]
    public void an_unanswered_twelve_month_follow_up_counts_as_no_answer_never_as_a_negative_outcome()
    {
        MisParticipant Left(params (string Point, string Status, Contracts.FollowUpAnswers? Answers)[] followUps)
        {
            var p = State("female", true);
            var left = new DateOnly(2025, 6, 30);
            p = MisFold.Apply(p, new LeavingRecorded(p.Id, Guid.NewGuid(), "stockholm", "employment", left, Facts.At, Facts.At));
            return followUps.Aggregate(p, (s, f) => MisFold.Apply(s, new FollowUpRecorded(s.Id, Guid.NewGuid(), "stockholm", f.Point, f.Status, left.AddMonths(12), Facts.At, Facts.At, f.Answers)));
        }

        List<MisParticipant> states =
        [
            Left(("twelve-months", "own-company", new Contracts.FollowUpAnswers(1, CompanyTrading: true, OutsideFinancing: true, Financiers: ["almi"]))),
            Left(("twelve-months", "job-seeking", null)),
            Left(("twelve-months", "no-answer", null)), // her advisor could not reach her
            Left() // nothing recorded: no answer either
        ];

        var set = IndicatorRules.Compute("stockholm", states, Targets, new DateOnly(2026, 12, 31), national: false);

        Assert.Equal((2m, 4m), (set["follow-ups-twelve-months"].Numerator, set["follow-ups-twelve-months"].Denominator));
        Assert.Equal(2m, set["follow-ups-twelve-months-no-answer"].Numerator);
        // Among those who answered, one of two is in a next step: the two without an answer are neither here nor against it.
        Assert.Equal((1m, 2m), (set["follow-ups-twelve-months-next-step"].Numerator, set["follow-ups-twelve-months-next-step"].Denominator));
        Assert.Equal(1m, set["financed-outside-programme"].Numerator);
    }
}

public class impact_indicators(ImpactService service) : IClassFixture<ImpactService>
{
    private readonly HttpClient _manager = service.StaffClient("region-manager");
    private readonly HttpClient _researcher = service.StaffClient("researcher");

    private async Task DeliverAsync(IEnumerable<object> facts)
    {
        foreach (var fact in facts)
        {
            await service.ThroughQueuesAsync(fact);
        }
    }

    [Fact]
    public async Task an_indicator_as_of_a_past_date_is_unchanged_by_later_events_and_the_series_shows_the_months()
    {
        await DeliverAsync(Facts.Journey(Guid.NewGuid(), "female", true, new DateOnly(2025, 3, 1)));
        await DeliverAsync(Facts.Journey(Guid.NewGuid(), "female", true, new DateOnly(2025, 4, 1), "employment", new DateOnly(2025, 9, 1)));
        var before = await _manager.GetStringAsync("/api/indicators?asOf=2025-06-30");

        await DeliverAsync(Facts.Journey(Guid.NewGuid(), "male", false, new DateOnly(2025, 8, 1), "started-company", new DateOnly(2025, 10, 1), social: true));
        var after = await _manager.GetStringAsync("/api/indicators?asOf=2025-06-30");
        var later = await _manager.GetFromJsonAsync<JsonElement>("/api/indicators?asOf=2025-12-31");
        var series = await _manager.GetFromJsonAsync<JsonElement>("/api/indicators/series?from=2025-02&to=2025-10");

        Assert.Equal(before, after);
        var total = later.GetProperty("total").GetProperty("indicators").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!);
        Assert.True(total["participants-in-network-groups"].GetProperty("value").GetDecimal() >= 3);
        Assert.Equal(9, series.GetProperty("labels").GetArrayLength());
        var groups = series.GetProperty("series").EnumerateArray()
            .First(s => s.GetProperty("key").GetString() == "participants-in-network-groups" && s.GetProperty("scope").GetString() == "total");
        var points = groups.GetProperty("points").EnumerateArray().ToList();
        var values = points.Select(p => p.GetProperty("value").GetDecimal()).ToList();
        Assert.True(values[0] <= values[1] && values[1] <= values[^1], string.Join(",", values)); // February, March, ..., October
        Assert.Equal(series.GetProperty("labels").EnumerateArray().Select(l => l.GetString()), points.Select(p => p.GetProperty("month").GetString()));
        Assert.Equal("count", groups.GetProperty("unit").GetString());
    }

    [Theory]
    [InlineData("9999-01", "9999-12", "from")]
    [InlineData("2100-12", "2101-01", "to")]
    [InlineData("2101-01", "2101-02", "from")]
    [InlineData("2025-1", "2025-03", "from")]
    [InlineData("+2025-01", "2025-03", "from")]
    [InlineData("2025-05", "2025-01", "to")]
    public async Task a_series_of_months_outside_the_calendar_is_a_400_naming_the_month(string from, string to, string field)
    {
        var answer = await _manager.GetAsync($"/api/indicators/series?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(field, (await answer.ReadProblemAsync()).ErrorFields());
    }

    private async Task<(decimal Women, decimal Foreign, decimal Of)> SharesAsync(string asOf)
    {
        var total = (await _manager.GetFromJsonAsync<JsonElement>($"/api/indicators?asOf={asOf}")).GetProperty("total").GetProperty("indicators").EnumerateArray().ToList();
        decimal Part(string key, string part) => total.Single(i => i.GetProperty("key").GetString() == key).GetProperty(part).GetDecimal();
        return (Part("share-of-women", "numerator"), Part("share-with-foreign-background", "numerator"), Part("share-of-women", "denominator"));
    }

    [Fact]
    public async Task a_profile_change_moves_the_shares_from_its_date_and_twelve_month_follow_ups_are_counted()
    {
        var id = Guid.NewGuid();
        await DeliverAsync(Facts.Journey(id, "unspecified", false, new DateOnly(2021, 2, 1)));
        var before = await SharesAsync("2021-06-30");

        await DeliverAsync([new ParticipantProfileChanged(Guid.NewGuid(), id, "stockholm", new DateOnly(2021, 7, 1), "female", true, "30-39", "newly-arrived",
            "partner-referral", "tertiary", Facts.At)]);

        Assert.Equal(before, await SharesAsync("2021-06-30")); // the history as it stood before the change is kept
        var after = await SharesAsync("2021-07-31");
        Assert.Equal((before.Women + 1, before.Foreign + 1, before.Of), after);

        await DeliverAsync([
            new ParticipantLeftProgramme(Guid.NewGuid(), id, "stockholm", "employment", new DateOnly(2021, 12, 31), Facts.At, "completed", "female", true,
                "30-39", "newly-arrived", "partner-referral", "tertiary"),
            new ParticipantFollowedUp(Guid.NewGuid(), id, "stockholm", "twelve-months", "employment", new DateOnly(2023, 1, 10), Facts.At)
        ]);
        var twelve = (await _manager.GetFromJsonAsync<JsonElement>("/api/indicators?asOf=2023-01-31")).GetProperty("total").GetProperty("indicators")
            .EnumerateArray().Single(i => i.GetProperty("key").GetString() == "follow-ups-twelve-months");
        Assert.True(twelve.GetProperty("numerator").GetDecimal() >= 1, twelve.ToString());
        var csv = await _manager.GetStringAsync("/api/reports/participants.csv?from=2021-12-01&to=2021-12-31");
        Assert.Contains("status-twelve-months-after:employment,stockholm,female,yes,30-39,tertiary,1", csv);
        // Leaving asked Participant for three follow-ups: at exit, six and twelve months after.
        Assert.Equal(3, await service.QueuedForAsync("participant", "neem.impact.follow-up-due.v1", id));
    }

    [Fact]
    public async Task a_replay_gives_exactly_the_live_values_and_can_write_into_its_own_schema()
    {
        await DeliverAsync(Facts.Journey(Guid.NewGuid(), "female", true, new DateOnly(2026, 1, 5), "studies", new DateOnly(2026, 5, 1)));
        var loan = Guid.NewGuid();
        var borrower = Guid.NewGuid();
        await DeliverAsync(Facts.Journey(borrower, "female", true, new DateOnly(2026, 1, 6)));
        await DeliverAsync([
            new LoanDisbursed(Guid.NewGuid(), loan, borrower, "stockholm", 30_000.55m, 12, new DateOnly(2026, 3, 31), new DateOnly(2026, 2, 28), "olle", Facts.At),
            new RepaymentReceived(Guid.NewGuid(), loan, borrower, "stockholm", 2_700m, new DateOnly(2026, 3, 31), 27_600.10m, Facts.At, 1, 1),
            new ArrearsBucketChanged(Guid.NewGuid(), loan, borrower, "stockholm", "current", "31-60", 35, 27_600.10m, new DateOnly(2026, 6, 4), Facts.At),
        ]);

        var started = await _researcher.PostAsJsonAsync("/api/replays", new { targetSchema = "impact_replay_test" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        JsonElement run = default;
        await Eventually.ReturnsAsync(async () =>
        {
            run = await _researcher.GetFromJsonAsync<JsonElement>(location);
            return (long?)(run.GetProperty("status").GetString() == "running" ? 0 : 1);
        }, done => done == 1, TimeSpan.FromSeconds(60), "the replay finished");

        Assert.True(run.GetProperty("status").GetString() == "completed", run.ToString());
        var result = run.GetProperty("result");
        await using (var db = new Npgsql.NpgsqlConnection(service.ConnectionString))
        {
            await db.OpenAsync();
            await using var diff = new Npgsql.NpgsqlCommand("select l.data::text || ' <> ' || r.data::text from impact.mt_doc_misparticipant l " +
                "join impact_replay_test.mt_doc_misparticipant r on l.id = r.id where l.data::jsonb <> r.data::jsonb limit 1", db);
            Assert.Null(await diff.ExecuteScalarAsync());
        }

        Assert.True(result.GetProperty("matchesLive").GetBoolean(), $"{result.GetProperty("differences")} states differ");
        var live = await _manager.GetFromJsonAsync<JsonElement>("/api/indicators");
        Assert.Equal(live.GetProperty("total").GetProperty("indicators").ToString(), result.GetProperty("indicators").GetProperty("total").GetProperty("indicators").ToString());
        Assert.Equal(result.GetProperty("participants").GetInt32(), await TransportTables.CountAsync(service.ConnectionString,
            "select count(*) from impact_replay_test.mt_doc_misparticipant"));
        Assert.Equal(HttpStatusCode.BadRequest, (await _researcher.PostAsJsonAsync("/api/replays", new { targetSchema = "impact" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.StaffClient("advisor").PostAsJsonAsync("/api/replays", new { })).StatusCode);
    }

    [Fact]
    public async Task two_dates_a_day_apart_never_single_out_who_joined_between_them_below_region_manager()
    {
        // January 2018: six women join (a published month). 14 February: one man joins, alone in his month.
        for (var i = 0; i < 6; i++)
        {
            await DeliverAsync(Facts.Journey(Guid.NewGuid(), "female", true, new DateOnly(2018, 1, 10)));
        }

        await DeliverAsync(Facts.Journey(Guid.NewGuid(), "male", false, new DateOnly(2018, 2, 14)));

        async Task<JsonElement> Women(HttpClient client, string day) => (await client.GetFromJsonAsync<JsonElement>($"/api/indicators?asOf={day}"))
            .GetProperty("total").GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "share-of-women");

        var managerBefore = await Women(_manager, "2018-02-13");
        var managerAfter = await Women(_manager, "2018-02-14");
        Assert.Equal(managerBefore.GetProperty("denominator").GetDecimal() + 1, managerAfter.GetProperty("denominator").GetDecimal()); // exact, any day

        foreach (var role in new[] { "researcher", "advisor", "loan-officer" })
        {
            var client = service.StaffClient(role);
            var before = await Women(client, "2018-02-13");
            var after = await Women(client, "2018-02-14");
            Assert.Equal(before.GetRawText(), after.GetRawText());
            Assert.Equal("2018-01-31", after.GetProperty("countedOn").GetString());
            if (role == "researcher") // the suppressed tables are hers alone
            {
                Assert.Equal(await client.GetStringAsync("/api/research/tables?by=gender,foreignBackground&asOf=2018-02-13"),
                    await client.GetStringAsync("/api/research/tables?by=gender,foreignBackground&asOf=2018-02-14"));
            }
        }

        var series = await _researcher.GetFromJsonAsync<JsonElement>("/api/indicators/series?from=2018-01&to=2018-02");
        var points = series.GetProperty("series").EnumerateArray()
            .Single(l => l.GetProperty("key").GetString() == "share-of-women" && l.GetProperty("scope").GetString() == "total").GetProperty("points");
        Assert.Equal(JsonValueKind.Number, points[0].GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, points[1].GetProperty("value").ValueKind); // February is not published: one person joined
        var groups = series.GetProperty("series").EnumerateArray()
            .Single(l => l.GetProperty("key").GetString() == "participants-in-network-groups" && l.GetProperty("scope").GetString() == "total");
        Assert.Equal(JsonValueKind.Number, groups.GetProperty("points")[1].GetProperty("value").ValueKind); // counts without an attribute stay
    }

    [Fact]
    public async Task a_researcher_export_has_pseudonyms_per_study_no_ids_and_leaves_erased_participants_out()
    {
        var kept = Guid.NewGuid();
        var erased = Guid.NewGuid();
        await DeliverAsync(Facts.Journey(kept, "female", true, new DateOnly(2024, 3, 3), "employment", new DateOnly(2024, 9, 9)));
        await DeliverAsync(Facts.Journey(erased, "female", true, new DateOnly(2024, 3, 4)));
        await DeliverAsync([new ParticipantErased(Guid.NewGuid(), erased, "stockholm", new DateOnly(2024, 10, 1), Facts.At)]);

        async Task<(Guid Id, string Ndjson)> StudyAsync(string name)
        {
            var study = await (await _researcher.PostAsJsonAsync("/api/research/studies", new { name })).Content.ReadFromJsonAsync<JsonElement>();
            var id = study.GetProperty("id").GetGuid();
            return (id, await _researcher.GetStringAsync($"/api/research/studies/{id}/history?from=2024-01-01&to=2024-12-31&coarsen=month"));
        }

        var (studyA, a) = await StudyAsync("Study A");
        var (_, b) = await StudyAsync("Study B");
        var csv = await _researcher.GetStringAsync($"/api/research/studies/{studyA}/history?from=2024-01-01&to=2024-12-31&format=csv");

        foreach (var text in new[] { a, b, csv })
        {
            Assert.DoesNotContain(kept.ToString(), text);
            Assert.DoesNotContain(erased.ToString(), text);
            Assert.DoesNotContain("participantId", text);
        }

        var pseudonymA = JsonDocument.Parse(a.Split('\n')[0]).RootElement.GetProperty("participant").GetString();
        var pseudonymB = JsonDocument.Parse(b.Split('\n')[0]).RootElement.GetProperty("participant").GetString();
        Assert.NotEqual(pseudonymA, pseudonymB);
        Assert.Equal(2, a.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // the kept participant's two entries
        Assert.Contains("\"happenedOn\":\"2024-03\"", a);
        Assert.DoesNotContain("2024-03-03", a);

        // Before downloading, the outline says what the export holds: its rows, its people and each type's fields, never an id.
        var outline = await _researcher.GetFromJsonAsync<JsonElement>($"/api/research/studies/{studyA}/history/outline?from=2024-01-01&to=2024-12-31");
        Assert.Equal((2, 1), (outline.GetProperty("rows").GetInt32(), outline.GetProperty("participants").GetInt32()));
        var fields = outline.GetProperty("types").EnumerateArray().SelectMany(t => t.GetProperty("fields").EnumerateArray().Select(f => f.GetString())).ToList();
        Assert.NotEmpty(fields);
        Assert.DoesNotContain("participantId", fields);
        Assert.Equal(2, outline.GetProperty("types").EnumerateArray().Sum(t => t.GetProperty("rows").GetInt32()));
        var studies = await _researcher.GetFromJsonAsync<JsonElement>("/api/research/studies");
        Assert.Contains(studies.EnumerateArray(), s => s.GetProperty("id").GetGuid() == studyA);
        Assert.Equal(System.Net.HttpStatusCode.NotFound,
            (await _researcher.GetAsync($"/api/research/studies/{Guid.NewGuid()}/history/outline?from=2024-01-01&to=2024-12-31")).StatusCode);
    }

    [Fact]
    public async Task aggregate_tables_suppress_cells_under_five_and_the_cell_that_would_give_one_back()
    {
        for (var i = 0; i < 6; i++)
        {
            await DeliverAsync(Facts.Journey(Guid.NewGuid(), "female", true, new DateOnly(2023, 1, 1)));
        }

        await DeliverAsync(Facts.Journey(Guid.NewGuid(), "other", false, new DateOnly(2023, 1, 2)));

        var table = await _researcher.GetFromJsonAsync<JsonElement>("/api/research/tables?by=gender,foreignBackground&asOf=2023-01-31");

        var cells = table.EnumerateArray().ToDictionary(c => c.GetProperty("group").GetProperty("gender").GetString()!, c => c.GetProperty("count").GetString());
        Assert.Equal("<5", cells["other"]);
        // The table's total is known (the indicators count every participant): one visible cell would give "other" back.
        Assert.Equal("suppressed", cells["female"]);
    }

    [Fact]
    public async Task the_funder_report_and_the_socio_economic_model_show_their_figures()
    {
        var id = Guid.NewGuid();
        await DeliverAsync(Facts.Journey(id, "female", true, new DateOnly(2022, 2, 1), "started-company", new DateOnly(2022, 6, 1), social: true));
        await DeliverAsync([
            new ParticipantLeftProgramme(Guid.NewGuid(), id, "stockholm", "started-company", new DateOnly(2022, 7, 1), Facts.At, "completed", "female", true,
                "30-39", "newly-arrived", "partner-referral", "secondary"),
            new ParticipantFollowedUp(Guid.NewGuid(), id, "stockholm", "six-months", "own-company", new DateOnly(2023, 1, 2), Facts.At)
        ]);

        var csv = await _manager.GetStringAsync("/api/reports/participants.csv?from=2022-01-01&to=2022-12-31");
        var socio = await _manager.GetFromJsonAsync<JsonElement>("/api/socio-economics?years=3&asOf=2022-12-31");

        Assert.StartsWith("period_from,period_to,measure,region,gender,foreign_background,age_band,education,participants", csv);
        Assert.Contains("2022-01-01,2022-12-31,entered,stockholm,female,yes,30-39,secondary,1", csv);
        Assert.Contains("status-at-leaving:started-company,stockholm,female,yes,30-39,secondary,1", csv);
        Assert.Contains("status-six-months-after:own-company,stockholm,female,yes,30-39,secondary,1", csv);
        var total = socio.GetProperty("total");
        Assert.True(total.GetProperty("companiesStarted").GetInt32() >= 1);
        var tax = total.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("description").GetString() == "Tax revenue from started companies");
        Assert.Equal(total.GetProperty("companiesStarted").GetInt32() * 60_000m * 3, tax.GetProperty("amountSek").GetDecimal());
        Assert.Contains("× 3 years", tax.GetProperty("formula").GetString());
    }
}

public class when_a_loan_is_written_off_in_the_mis
{
    private static LoanFactRecorded Fact(string fact, decimal? amount, decimal? outstanding = null) =>
        new(Guid.Empty, Guid.NewGuid(), "stockholm", fact, Guid.Empty, amount, new DateOnly(2026, 6, 1), null, DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch, outstanding);

    [Fact]
    public void the_write_off_counts_the_principal_not_the_interest_and_fees_written_off_with_it()
    {
        var loan = MisParticipant.NextLoan(null, Fact("disbursed", 10_000m));
        loan = MisParticipant.NextLoan(loan, Fact("repayment", 1_750m, outstanding: 8_400m));

        loan = MisParticipant.NextLoan(loan, Fact("written-off", 8_912.50m)); // 8 400 principal, 512.50 interest and fees due

        Assert.Equal(8_400m, loan.WrittenOffSek);
        Assert.Equal(0m, loan.OutstandingSek);
    }
}

/// <summary>
/// The states the indicators read (kept per participant and date until a fact of hers arrives) are, at every date, what folding the
/// whole history for that date alone gives, however the facts arrive between the questions.
/// </summary>
public class when_the_states_are_kept_between_calls
{
    [Fact]
    public void every_date_equals_the_fold_as_of_that_date_even_for_facts_recorded_out_of_the_order_they_happened()
    {
        var random = new Random(20261207);
        var entries = new List<IMisEntry>();
        var outOfOrder = 0;
        for (var n = 0; n < 400; n++)
        {
            var id = Guid.NewGuid();
            var attributes = new MisAttributes(random.Next(5) == 0 ? "male" : "female", random.Next(4) != 0, "30-39", "newly-arrived", "partner-referral");
            var joined = new DateOnly(2025, 1, 1).AddDays(random.Next(0, 600));
            var facts = new List<IMisEntry> { new NetworkGroupJoinRecorded(id, Guid.NewGuid(), "stockholm", Guid.NewGuid(), joined, attributes, Facts.At, Facts.At) };
            if (random.Next(2) == 0)
            {
                // Sometimes recorded late: an outcome that happened before facts recorded earlier.
                var outcomeOn = joined.AddDays(random.Next(-40, 200));
                outOfOrder += outcomeOn < joined ? 1 : 0;
                facts.Add(new NextStepRecorded(id, Guid.NewGuid(), "stockholm", random.Next(2) == 0 ? "employment" : "started-company", outcomeOn, null, null,
                    random.Next(10) == 0, attributes, Facts.At, Facts.At));
            }

            if (random.Next(3) == 0)
            {
                var left = joined.AddDays(random.Next(30, 300));
                facts.Add(new LeavingRecorded(id, Guid.NewGuid(), "stockholm", "employment", left, Facts.At, Facts.At));
                facts.Add(new FollowUpRecorded(id, Guid.NewGuid(), "stockholm", "at-exit", "employment", left.AddDays(random.Next(-10, 20)), Facts.At, Facts.At));
            }

            entries.AddRange(facts);
        }

        // Participants' facts interleave in the history as they would when recorded by many advisors at once.
        var interleaved = entries.Select((e, i) => (e, Key: random.Next())).GroupBy(x => x.e.ParticipantId)
            .SelectMany(g => g.Select((x, i) => (x.e, Order: x.Key % 1000 + i * 1000))).OrderBy(x => x.Order).Select(x => x.e).ToList();
        var monthEnds = Enumerable.Range(0, 24).Select(m => new DateOnly(2025, 1, 1).AddMonths(m + 1).AddDays(-1)).ToList();

        // The facts arrive in three parts; the month ends and some days between them are asked for after each part, in
        // another order each time, so states kept from an earlier question meet facts that arrived after it.
        var timelines = new MisTimelines();
        var days = monthEnds.Concat(monthEnds.Select(m => m.AddDays(-12))).ToList();
        var asked = 0;
        foreach (var part in interleaved.Chunk(interleaved.Count / 3 + 1))
        {
            foreach (var e in part)
            {
                timelines.Add(e);
            }

            var recorded = interleaved.Take(asked += part.Length).ToList();
            var order = days.OrderBy(_ => random.Next()).ToList();
            var kept = timelines.StatesOn(order);
            for (var k = 0; k < order.Count; k++)
            {
                var alone = MisFold.StatesAsOf(recorded, order[k]);
                Assert.Equal(alone.Keys.Order(), kept[k].Keys.Order());
                foreach (var (id, state) in alone)
                {
                    Assert.Equal(System.Text.Json.JsonSerializer.Serialize(state), System.Text.Json.JsonSerializer.Serialize(kept[k][id]));
                }
            }
        }

        Assert.True(outOfOrder > 10, $"only {outOfOrder} facts out of order were generated");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Contracts;
using NeemPlatform.Lending.CreditFiles;
using NeemPlatform.Lending.CreditFiles.Opening;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Lending.Tests;

public class when_a_business_plan_is_approved
{
    [Fact]
    public void the_financing_limit_is_the_plans_exact_financing_need()
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var plan = new BusinessPlanApproved(Guid.NewGuid(), Guid.NewGuid(), "stockholm", 85_000.55m, 4_200.10m,
            new DateOnly(2026, 5, 1), now);
        var eventId = Guid.NewGuid();

        var granted = OpenCreditFileHandler.Decide(plan, eventId, now);

        Assert.Equal(new FinancingLimitGranted(plan.ParticipantId, plan.EventId, eventId, 85_000.55m, 4_200.10m,
            new DateOnly(2026, 5, 1), now, "stockholm"), granted);
    }

    [Fact]
    public void a_later_plan_replaces_the_limit_but_keeps_the_opening_date()
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid();
        var raised = CreditFile.Fold([
            new FinancingLimitGranted(id, Guid.NewGuid(), Guid.NewGuid(), 50_000m, 3_000m, new DateOnly(2026, 5, 1), now),
            new FinancingLimitGranted(id, Guid.NewGuid(), Guid.NewGuid(), 60_000m, 3_500m, new DateOnly(2026, 9, 1), now)
        ]);

        Assert.Equal(new CreditFile(id, new DateOnly(2026, 5, 1), 60_000m, 3_500m, new DateOnly(2026, 9, 1)), raised);
    }

    [Fact]
    public void every_event_of_a_credit_file_has_its_fold_and_an_unknown_one_is_refused()
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid();
        ICreditFileEvent[] life = [new FinancingLimitGranted(id, Guid.NewGuid(), Guid.NewGuid(), 50_000m, 3_000m, new DateOnly(2026, 5, 1), now, "orebro")];

        Assert.Equal(new CreditFile(id, new DateOnly(2026, 5, 1), 50_000m, 3_000m, new DateOnly(2026, 5, 1), "orebro"), CreditFile.Fold(life));

        // Every event type of the stream is in that life: a new one fails here until it has its fold and its place in it.
        var declared = typeof(ICreditFileEvent).Assembly.GetTypes()
            .Where(t => typeof(ICreditFileEvent).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false });
        Assert.Empty(declared.Where(t => !life.Any(e => e.GetType() == t)).Select(t => t.Name));
        Assert.Throws<NotSupportedException>(() => CreditFile.Fold([.. life, new UnknownCreditFileEvent(id)]));
    }

    private sealed record UnknownCreditFileEvent(Guid ParticipantId) : ICreditFileEvent;
}

public class LendingService : ServiceFixture<Program>
{
    public override string Service => "lending";

    // The anonymous statement check is limited per caller; in process every test shares one caller, so the limit is lifted here
    // and held to by its own fixture (when_a_bank_checks_statements_too_often).
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Neem:Lending:VerificationsPerMinute"] = "100000"
    };
}

public sealed class TightVerificationLimit : ServiceFixture<Program>
{
    public override string Service => "lending";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Neem:Lending:VerificationsPerMinute"] = "3"
    };
}

public class when_a_bank_checks_statements_too_often(TightVerificationLimit service) : IClassFixture<TightVerificationLimit>
{
    [Fact]
    public async Task the_anonymous_check_answers_429_with_retry_after_once_the_callers_budget_is_spent()
    {
        var bank = service.Host.Server.CreateClient();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await bank.PostAsJsonAsync("/api/credit-statements/verification",
                new { statementId = Guid.NewGuid(), verificationCode = "AAAA-BBBB-CCCC-DDDD-EEEE" }));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.All(answers.Skip(3), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.NotNull(answers[^1].Headers.RetryAfter);
        Assert.Equal("https://neem.se/problems/rate-limited", (await answers[^1].ReadProblemAsync()).GetProperty("type").GetString());
    }
}

/// <summary>The Lending service in-process on a real PostgreSQL, fed through its real PostgreSQL queue.</summary>
public class lending_service(LendingService service) : IClassFixture<LendingService>
{
    private readonly HttpClient _http = service.StaffClient("loan-officer");

    private Task<long> EventsInStream(Guid id) => service.EventsInStreamAsync(id);

    private Task<long> CreditFileMessagesFor(Guid id) => service.QueuedForAsync(Queues.Impact, "neem.lending.credit-file-opened.v1", id);

    [Fact]
    public async Task an_approved_plan_delivered_twice_opens_one_credit_file_and_tells_impact_once()
    {
        var id = Guid.NewGuid();
        var plan = new BusinessPlanApproved(Guid.NewGuid(), id, "stockholm", 85_000.55m, 4_200.10m, new DateOnly(2026, 5, 1),
            DateTimeOffset.UtcNow);

        await service.ThroughQueuesAsync(plan, times: 2);

        var file = await _http.GetFromJsonAsync<JsonElement>($"/api/credit-files/{id}");
        Assert.Equal(85_000.55m, file.GetProperty("financingLimitSek").GetDecimal());
        Assert.Equal(4_200.10m, file.GetProperty("expectedMonthlySurplusSek").GetDecimal());
        Assert.Equal(1, await EventsInStream(id));
        Assert.Equal(1, await CreditFileMessagesFor(id));
        Assert.Equal(0, await TransportTables.CountAsync(service.ConnectionString, "select count(*) from lending.wolverine_dead_letters"));
    }

    [Fact]
    public async Task a_second_approved_plan_raises_the_limit()
    {
        var id = Guid.NewGuid();

        await service.ThroughQueuesAsync(new BusinessPlanApproved(Guid.NewGuid(), id, "stockholm", 40_000m, 2_000m, new DateOnly(2026, 5, 1), DateTimeOffset.UtcNow));
        await service.ThroughQueuesAsync(new BusinessPlanApproved(Guid.NewGuid(), id, "stockholm", 55_000m, 2_500m, new DateOnly(2026, 8, 1), DateTimeOffset.UtcNow));

        var file = await _http.GetFromJsonAsync<JsonElement>($"/api/credit-files/{id}");
        Assert.Equal(55_000m, file.GetProperty("financingLimitSek").GetDecimal());
        Assert.Equal("2026-05-01", file.GetProperty("openedOn").GetString());
        Assert.Equal(2, await EventsInStream(id));
        Assert.Equal(2, await CreditFileMessagesFor(id));
    }

    [Fact]
    public async Task a_plan_from_another_region_opens_nothing()
    {
        var id = Guid.NewGuid();

        await service.ThroughQueuesAsync(new BusinessPlanApproved(Guid.NewGuid(), id, "orebro", 40_000m, 2_000m, new DateOnly(2026, 5, 1), DateTimeOffset.UtcNow));

        var response = await _http.GetAsync($"/api/credit-files/{id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await response.ReadProblemAsync();
        Assert.Equal(0, await EventsInStream(id));
    }

    [Fact]
    public async Task a_malformed_id_in_the_route_is_a_problem_not_a_500()
    {
        var response = await _http.GetAsync("/api/credit-files/not-a-guid");

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"status {(int)response.StatusCode}");
    }
}
